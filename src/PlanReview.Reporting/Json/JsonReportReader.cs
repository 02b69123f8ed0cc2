using System.Collections.Immutable;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using PlanReview.Core.Analysis;
using PlanReview.Core.Model;
using PlanReview.Reporting.Model;

namespace PlanReview.Reporting.Json;

/// <summary>A JSON report that cannot be read back; the message is one line that names the file.</summary>
public sealed class ReportReadException : Exception
{
    public ReportReadException(string source, string problem)
        : base($"{source}: {problem}")
    {
    }

    public ReportReadException(string source, string problem, Exception inner)
        : base($"{source}: {problem}", inner)
    {
    }
}

/// <summary>
/// Reads a JSON report written by <see cref="JsonReportWriter"/> (schemaVersion 1) back into the
/// <see cref="Report"/> model, so that per-stack reports can be merged and re-rendered.
/// </summary>
/// <remarks>
/// What the JSON does not carry is rebuilt or left empty: descriptors come from the catalog passed in
/// (a rule this build does not know is described from the report's own id, title and category, and its
/// message arguments are dropped, so writers escape the whole message), and module sources are empty.
/// Reports written before the fields <c>commit</c>, <c>edges[].plan</c>, <c>links</c> and
/// <c>diagnostics[].arguments</c> existed are still read: an edge's plan is then the plan of the change
/// at its root, the graph's links are rebuilt from the edges, and messages have no arguments. The report
/// was already redacted when it was written; nothing here can bring a secret back.
/// </remarks>
public static class JsonReportReader
{
    public static Report Read(TextReader text, string source, IEnumerable<DiagnosticDescriptor> catalog)
    {
        JObject root;
        try
        {
            using var json = new JsonTextReader(text) { DateParseHandling = DateParseHandling.None, MaxDepth = 64 };
            root = JObject.Load(json);
            while (json.Read())
            {
                if (json.TokenType != JsonToken.Comment)
                {
                    throw new ReportReadException(source, "has more than one JSON value; expected one report written by `planreview analyze --json`");
                }
            }
        }
        catch (JsonException ex)
        {
            throw new ReportReadException(source, $"is not a JSON report: {ex.Message.ReplaceLineEndings(" ")}", ex);
        }

        var descriptors = catalog.ToDictionary(d => d.Id, StringComparer.Ordinal);
        try
        {
            return Build(root, source, descriptors);
        }
        catch (Exception ex) when (ex is InvalidCastException or FormatException or ArgumentException or NullReferenceException or OverflowException)
        {
            // JToken casts throw these on a value of the wrong type.
            throw new ReportReadException(source, $"is not a PlanReview JSON report: a field has an unexpected type ({ex.Message.ReplaceLineEndings(" ")})", ex);
        }
    }

    private static Report Build(JObject root, string source, Dictionary<string, DiagnosticDescriptor> descriptors)
    {
        if (root["schemaVersion"] is not { Type: JTokenType.Integer } version)
        {
            throw new ReportReadException(source, "is not a PlanReview JSON report (no schemaVersion); pass the files written by `planreview analyze --json`");
        }

        if ((int)version != Report.SchemaVersion)
        {
            throw new ReportReadException(source, $"has schemaVersion {(int)version}, which this version of PlanReview cannot read (it reads {Report.SchemaVersion}); use the same PlanReview version for analyze and merge");
        }

        var plans = Array(root, "plans", source)
            .Select(p => new ReportPlan(Text(p, "path") ?? string.Empty, Text(p, "format") ?? "unknown", Text(p, "toolVersion")))
            .ToImmutableArray();
        var s = Object(root, "summary", source);
        var summary = new ChangeSummary(
            Int(s, "create"), Int(s, "update"), Int(s, "delete"), Int(s, "replace"), Int(s, "read"),
            Int(s, "noop"), Int(s, "forget"), Int(s, "import"), Int(s, "move"), Int(s, "unknown"));

        var changes = Array(root, "changes", source).Select(c => new ReportChange
        {
            Address = Text(c, "address") ?? throw new ReportReadException(source, "has a change without an address"),
            PreviousAddress = Text(c, "previousAddress"),
            Type = Text(c, "type") ?? string.Empty,
            Provider = Text(c, "provider"),
            Action = ParseAction(Text(c, "action")),
            ReplaceOrder = ParseOrder(Text(c, "replaceOrder")),
            Fate = ParseFate(Text(c, "fate")),
            Reason = Text(c, "reason"),
            Category = Text(c, "category") ?? "unknown",
            Importing = Bool(c, "importing"),
            MayReplace = Bool(c, "mayReplace"),
            Deposed = Text(c, "deposed"),
            RawAction = Text(c, "rawAction") ?? string.Empty,
            Plan = Text(c, "plan") ?? string.Empty,
            Dependents = Strings(c, "dependents"),
        }).ToImmutableArray();

        var radius = Object(root, "blastRadius", source);
        var planOfRoot = changes.Where(c => c.IsDestructive).GroupBy(c => c.Address, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().Plan, StringComparer.Ordinal);
        var onlyPlan = plans.Length == 1 ? plans[0].Path : string.Empty;
        var affected = (radius["edges"] as JArray ?? []).OfType<JObject>().Select(e =>
        {
            var rootAddress = Text(e, "root") ?? string.Empty;
            return new ReportAffected(
                Text(e, "address") ?? string.Empty,
                rootAddress,
                Text(e, "via") ?? string.Empty,
                Text(e, "source") ?? string.Empty,
                Int(e, "depth"),
                Text(e, "plan") ?? planOfRoot.GetValueOrDefault(rootAddress) ?? onlyPlan);
        }).ToImmutableArray();
        var links = radius["links"] is JArray
            ? Array(radius, "links", source).Select(l => new ReportLink(Text(l, "dependency") ?? string.Empty, Text(l, "dependent") ?? string.Empty, Text(l, "plan") ?? onlyPlan))
            : affected.Select(a => new ReportLink(a.Via, a.Address, a.Plan));
        var blastRadius = new ReportBlastRadius(Strings(radius, "destroyed"), Strings(radius, "replaced"), affected)
        {
            Links = links.Distinct()
                .OrderBy(l => l.Plan, StringComparer.Ordinal)
                .ThenBy(l => l.Dependency, StringComparer.Ordinal)
                .ThenBy(l => l.Dependent, StringComparer.Ordinal)
                .ToImmutableArray(),
        };

        var diagnostics = Array(root, "diagnostics", source).Select(d =>
        {
            var id = Text(d, "id") ?? throw new ReportReadException(source, "has a diagnostic without an id");
            SeverityNames.TryParse(Text(d, "severity"), out var severity);
            var known = descriptors.GetValueOrDefault(id);
            var descriptor = known
                ?? new DiagnosticDescriptor(id, Text(d, "title") ?? id, Text(d, "message") ?? string.Empty, Text(d, "category") ?? string.Empty, severity, true, string.Empty);
            var message = Text(d, "message") ?? string.Empty;

            // Arguments are used only with the message format they were written for: this build's format
            // of the rule must still give the recorded message, else the message is shown whole (escaped).
            var arguments = Strings(d, "arguments");
            if (known is null || arguments.IsEmpty || !FormatsTo(known, arguments, message))
            {
                arguments = [];
            }

            return new Diagnostic
            {
                Descriptor = descriptor,
                Severity = severity,
                Address = Text(d, "address"),
                ResourceType = Text(d, "resourceType"),
                PlanSource = Text(d, "plan"),
                Message = message,
                MessageArgs = arguments,
                Suppression = Bool(d, "suppressed") ? new AppliedSuppression(Text(d, "justification") ?? string.Empty, Text(d, "plan") ?? source) : null,
            };
        }).ToImmutableArray();

        var decision = Object(root, "decision", source);
        var rules = descriptors.Values
            .Concat(diagnostics.Select(d => d.Descriptor))
            .DistinctBy(d => d.Id)
            .OrderBy(d => d.Id, StringComparer.Ordinal)
            .ToImmutableArray();
        return new Report(
            plans,
            summary,
            changes,
            blastRadius,
            diagnostics,
            rules,
            new Decision(Bool(decision, "approvalRequired"), Int(decision, "requiredApprovals"), Strings(decision, "reasons"), Int(decision, "destroyCount"), Int(decision, "replaceCount")))
        {
            Commit = Text(root, "commit"),
        };
    }

    private static bool FormatsTo(DiagnosticDescriptor descriptor, ImmutableArray<string> arguments, string message)
    {
        try
        {
            return descriptor.FormatMessage([.. arguments]) == message;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>The inverse of <see cref="ChangeActionNames.ToWireName(ChangeAction)"/>; an unknown name stays Unknown, as in the readers.</summary>
    public static ChangeAction ParseAction(string? name) =>
        Enum.GetValues<ChangeAction>().FirstOrDefault(a => a.ToWireName() == name);

    private static ReplaceOrder ParseOrder(string? name) =>
        Enum.GetValues<ReplaceOrder>().FirstOrDefault(o => o.ToWireName() == name);

    private static ObjectFate ParseFate(string? name) =>
        Enum.GetValues<ObjectFate>().FirstOrDefault(f => f.ToWireName() == name);

    private static IEnumerable<JObject> Array(JObject parent, string name, string source) => parent[name] switch
    {
        JArray array => array.OfType<JObject>(),
        null or { Type: JTokenType.Null } => [],
        _ => throw new ReportReadException(source, $"has a `{name}` that is not a list"),
    };

    private static JObject Object(JObject parent, string name, string source) =>
        parent[name] as JObject ?? throw new ReportReadException(source, $"is not a PlanReview JSON report (no `{name}` object)");

    private static string? Text(JObject o, string name) => o[name] is { Type: not JTokenType.Null } token ? (string?)token : null;

    private static int Int(JObject o, string name) => o[name] is { Type: JTokenType.Integer } token ? (int)token : 0;

    private static bool Bool(JObject o, string name) => o[name] is { Type: JTokenType.Boolean } token && (bool)token;

    private static ImmutableArray<string> Strings(JObject o, string name) =>
        o[name] is JArray array ? array.Where(t => t.Type == JTokenType.String).Select(t => (string)t!).ToImmutableArray() : [];
}
