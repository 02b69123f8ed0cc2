using System.Collections.Immutable;
using System.Globalization;
using PlanReview.Core;
using PlanReview.Core.Model;
using PlanReview.Rules.Protection;

namespace PlanReview.Rules.Security;

/// <summary>A port range of an ingress rule, normalised: a known protocol name and numbers only, never plan text.</summary>
internal sealed record PortRange(string Protocol, int? From, int? To)
{
    private static readonly ImmutableDictionary<string, string> Protocols = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["-1"] = "all", ["all"] = "all", ["*"] = "all", ["any"] = "all",
        ["tcp"] = "tcp", ["6"] = "tcp", ["udp"] = "udp", ["17"] = "udp", ["sctp"] = "sctp", ["132"] = "sctp",
        ["icmp"] = "icmp", ["1"] = "icmp", ["icmpv6"] = "icmpv6", ["58"] = "icmpv6",
        ["esp"] = "esp", ["50"] = "esp", ["ah"] = "ah", ["51"] = "ah",
    }.ToImmutableDictionary(StringComparer.OrdinalIgnoreCase);

    public static string NormalizeProtocol(PlanValue? value)
    {
        var text = value?.AsString() ?? value?.AsNumber()?.ToString(CultureInfo.InvariantCulture);
        return text is null ? "all" : Protocols.GetValueOrDefault(text.Trim(), "other");
    }

    /// <summary>"all traffic", "tcp port 22", "tcp ports 1000-2000", "all udp ports", "icmp".</summary>
    public string Describe()
    {
        if (Protocol == "all")
        {
            return "all traffic";
        }

        if (Protocol is not ("tcp" or "udp" or "sctp"))
        {
            return Protocol == "other" ? "a non-standard protocol" : Protocol;
        }

        if (From is null || (From <= 0 && (To is null || To >= 65535)))
        {
            return $"all {Protocol} ports";
        }

        return From == To || To is null
            ? $"{Protocol} port {From.Value.ToString(CultureInfo.InvariantCulture)}"
            : $"{Protocol} ports {From.Value.ToString(CultureInfo.InvariantCulture)}-{To.Value.ToString(CultureInfo.InvariantCulture)}";
    }
}

/// <summary>
/// How one resource type writes ingress rules: where the rules are (<see cref="RulesPath"/>, null for
/// the resource itself), which fields hold source ranges, which conditions make a rule an inbound allow,
/// and how to read its ports.
/// </summary>
internal sealed record IngressShape(PlanFormat Format, string Type, string? RulesPath, ImmutableArray<string> SourceFields, Func<PlanValue, ImmutableArray<PortRange>> Ports)
{
    /// <summary>The sources that mean "anyone on the internet" for AWS, Google Cloud and CloudFormation.</summary>
    public static readonly ImmutableArray<string> AnyAddress = ["0.0.0.0/0", "::/0"];

    /// <summary>Azure also writes the whole internet as <c>*</c>, <c>Internet</c>, <c>Any</c> or <c>0.0.0.0</c>.</summary>
    public static readonly ImmutableArray<string> AzureAnyAddress = ["0.0.0.0/0", "::/0", "*", "Internet", "Any", "0.0.0.0"];

    /// <summary>Field conditions a rule must meet to be an inbound allow (a value in the list, or absent when allowed).</summary>
    public ImmutableArray<(string Path, ImmutableArray<string> Values, bool AbsentMeansYes)> Conditions { get; init; } = [];

    public ImmutableArray<string> WorldSources { get; init; } = AnyAddress;

    public bool AppliesTo(PlanFormat format, string type) => Format == format && Glob.IsMatch(Type, type);

    /// <summary>
    /// The (source, port range) pairs open to the internet in one side of a change; null when a part
    /// that matters is unknown until apply or masked, so no verdict can be drawn.
    /// </summary>
    public ImmutableHashSet<(string Source, PortRange Range)>? OpenToWorld(PlanValue? resource)
    {
        var result = ImmutableHashSet.CreateBuilder<(string, PortRange)>();
        var rules = RulesPath is null ? (resource is null ? [] : [resource]) : AttributePath.Select(resource, RulesPath);
        foreach (var rule in rules)
        {
            if (AttributePath.IsIndeterminate(rule))
            {
                return null;
            }

            if (!Conditions.All(c => Holds(rule, c)))
            {
                continue;
            }

            var sources = AttributePath.Flatten(SourceFields.SelectMany(f => AttributePath.Select(rule, f))).ToArray();
            if (sources.Any(AttributePath.IsIndeterminate))
            {
                return null;
            }

            var world = sources.Select(s => s.AsString()).OfType<string>()
                .Select(s => WorldSources.FirstOrDefault(w => string.Equals(w, s.Trim(), StringComparison.OrdinalIgnoreCase)))
                .OfType<string>().Distinct(StringComparer.Ordinal).ToArray();
            foreach (var source in world)
            {
                foreach (var range in Ports(rule))
                {
                    result.Add((source, range));
                }
            }
        }

        return result.ToImmutable();
    }

    /// <summary>AWS style: <c>from_port</c>, <c>to_port</c>, <c>protocol</c> (-1 for all traffic).</summary>
    public static Func<PlanValue, ImmutableArray<PortRange>> FromTo(string from, string to, string protocol) => rule =>
    {
        var name = PortRange.NormalizeProtocol(rule.Get(protocol));
        return [name == "all" ? new PortRange("all", null, null) : new PortRange(name, Int(rule.Get(from)), Int(rule.Get(to)))];
    };

    /// <summary>Azure style: <c>destination_port_range</c> ("22", "1000-2000", "*") and/or a list of them.</summary>
    public static Func<PlanValue, ImmutableArray<PortRange>> Ranges(string single, string list, string protocol) => rule =>
    {
        var name = PortRange.NormalizeProtocol(rule.Get(protocol));
        if (name == "all")
        {
            return [new PortRange("all", null, null)];
        }

        var texts = AttributePath.Flatten(AttributePath.Select(rule, single).Concat(AttributePath.Select(rule, list)))
            .Select(v => v.AsString() ?? v.AsNumber()?.ToString(CultureInfo.InvariantCulture)).OfType<string>().ToArray();
        return texts.Length == 0 ? [new PortRange(name, null, null)] : texts.Select(t => Parse(name, t)).ToImmutableArray();
    };

    /// <summary>Google style: <c>allow[]</c> blocks, each with a protocol and optional <c>ports</c> strings; a deny-only rule opens nothing.</summary>
    public static Func<PlanValue, ImmutableArray<PortRange>> AllowBlocks(string allow, string protocol, string ports) => rule =>
        AttributePath.Select(rule, allow + ".*").SelectMany(block =>
        {
            var name = PortRange.NormalizeProtocol(block.Get(protocol));
            var texts = AttributePath.Flatten(AttributePath.Select(block, ports)).Select(v => v.AsString()).OfType<string>().ToArray();
            return name == "all" || texts.Length == 0
                ? [new PortRange(name, null, null)]
                : texts.Select(t => Parse(name, t));
        }).ToImmutableArray();

    private static bool Holds(PlanValue rule, (string Path, ImmutableArray<string> Values, bool AbsentMeansYes) condition)
    {
        var values = AttributePath.Select(rule, condition.Path).Where(v => v is not PlanValue.NullValue).ToArray();
        if (values.Length == 0)
        {
            return condition.AbsentMeansYes;
        }

        return values.All(v => condition.Values.Contains(v.AsString() ?? v.ToString(), StringComparer.OrdinalIgnoreCase));
    }

    private static int? Int(PlanValue? value) => value?.AsNumber() is { } n && n >= int.MinValue && n <= int.MaxValue ? (int)n : null;

    private static PortRange Parse(string protocol, string text)
    {
        var parts = text.Trim().Split('-', 2);
        int? Number(string s) => int.TryParse(s.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;
        return text.Trim() is "*" or ""
            ? new PortRange(protocol, null, null)
            : new PortRange(protocol, Number(parts[0]) ?? 0, parts.Length == 2 ? Number(parts[1]) ?? 65535 : Number(parts[0]) ?? 65535);
    }
}
