using System.Collections.Immutable;
using System.Globalization;
using PlanReview.Core.Analysis;
using PlanReview.Core.Categories;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace PlanReview.Core.Configuration;

/// <summary>
/// Reads the YAML policy file strictly: an unknown key, a wrong type or an unknown severity is an
/// error naming the file and the line, never silently ignored (a typo must not weaken the gate).
/// The schema is <c>docs/planreview.schema.json</c>.
/// </summary>
public static class PolicyLoader
{
    public static Policy Parse(string yaml, string source)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException ex)
        {
            throw new PolicyException($"{source}:{ex.Start.Line}: invalid YAML: {ex.Message}", ex);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
        {
            return Policy.Default with { Source = source };
        }

        var root = Mapping(stream.Documents[0].RootNode, source, "the document");
        var policy = Policy.Default with { Source = source };
        foreach (var (keyNode, value) in root.Children)
        {
            var key = Key(keyNode, source);
            policy = key switch
            {
                "version" => CheckVersion(policy, value, source),
                "thresholds" => ReadThresholds(policy, value, source),
                "approvals" => ReadApprovals(policy, value, source),
                "rules" => policy with { Rules = ReadRules(value, source) },
                "overrides" => policy with { Overrides = ReadOverrides(value, source) },
                "categories" => policy with { Categories = ReadCategories(value, source) },
                "suppressions" => policy with { Suppressions = ReadSuppressions(value, source) },
                _ => throw Error(source, keyNode, $"unknown key '{key}' (expected version, thresholds, approvals, rules, overrides, categories, suppressions)"),
            };
        }

        return policy;
    }

    /// <summary>Checks that every rule id the policy names exists.</summary>
    public static void Validate(Policy policy, IReadOnlySet<string> knownRuleIds)
    {
        foreach (var id in policy.Rules.Keys.Concat(policy.Overrides.SelectMany(o => o.Rules.Keys)).Concat(policy.Suppressions.Select(s => s.Rule)))
        {
            if (id != "*" && !knownRuleIds.Contains(id))
            {
                throw new PolicyException($"{policy.Source}: unknown rule id '{id}' (run `planreview rules` for the catalog)");
            }
        }
    }

    private static Policy CheckVersion(Policy policy, YamlNode value, string source)
    {
        var version = Integer(value, source, "version");
        return version == 1 ? policy : throw Error(source, value, $"unsupported version {version} (this planreview reads version 1)");
    }

    private static Policy ReadThresholds(Policy policy, YamlNode node, string source)
    {
        foreach (var (keyNode, value) in Mapping(node, source, "thresholds").Children)
        {
            policy = Key(keyNode, source) switch
            {
                "max-destroy" => policy with { MaxDestroy = NonNegative(value, source, "max-destroy") },
                "max-replace" => policy with { MaxReplace = NonNegative(value, source, "max-replace") },
                var other => throw Error(source, keyNode, $"unknown key 'thresholds.{other}' (expected max-destroy, max-replace)"),
            };
        }

        return policy;
    }

    private static Policy ReadApprovals(Policy policy, YamlNode node, string source)
    {
        foreach (var (keyNode, value) in Mapping(node, source, "approvals").Children)
        {
            policy = Key(keyNode, source) switch
            {
                "required" => policy with { RequiredApprovals = Math.Max(1, NonNegative(value, source, "approvals.required")) },
                "approvers" => policy with { Approvers = Sequence(value, source, "approvals.approvers").Select(n => Scalar(n, source, "an approver")).ToImmutableArray() },
                var other => throw Error(source, keyNode, $"unknown key 'approvals.{other}' (expected required, approvers)"),
            };
        }

        return policy;
    }

    private static ImmutableSortedDictionary<string, RulePolicy> ReadRules(YamlNode node, string source)
    {
        var rules = ImmutableSortedDictionary.CreateBuilder<string, RulePolicy>(StringComparer.Ordinal);
        foreach (var (keyNode, value) in Mapping(node, source, "rules").Children)
        {
            var id = Key(keyNode, source);
            if (value is YamlScalarNode)
            {
                rules[id] = RulePolicy.Empty with { Severity = ParseSeverity(value, source) };
                continue;
            }

            var rule = RulePolicy.Empty;
            foreach (var (propertyNode, propertyValue) in Mapping(value, source, $"rules.{id}").Children)
            {
                rule = Key(propertyNode, source) switch
                {
                    "severity" => rule with { Severity = ParseSeverity(propertyValue, source) },
                    "options" => rule with
                    {
                        Options = Mapping(propertyValue, source, $"rules.{id}.options").Children
                            .ToImmutableSortedDictionary(p => Key(p.Key, source), p => Scalar(p.Value, source, "an option value"), StringComparer.Ordinal),
                    },
                    var other => throw Error(source, propertyNode, $"unknown key 'rules.{id}.{other}' (expected severity, options)"),
                };
            }

            rules[id] = rule;
        }

        return rules.ToImmutable();
    }

    private static ImmutableArray<AddressOverride> ReadOverrides(YamlNode node, string source) =>
        Sequence(node, source, "overrides").Select(item =>
        {
            string? match = null;
            var severities = ImmutableSortedDictionary<string, Severity>.Empty;
            foreach (var (keyNode, value) in Mapping(item, source, "an override").Children)
            {
                switch (Key(keyNode, source))
                {
                    case "match":
                        match = Scalar(value, source, "overrides[].match");
                        break;
                    case "rules":
                        severities = Mapping(value, source, "overrides[].rules").Children
                            .ToImmutableSortedDictionary(p => Key(p.Key, source), p => ParseSeverity(p.Value, source), StringComparer.Ordinal);
                        break;
                    case var other:
                        throw Error(source, keyNode, $"unknown key 'overrides[].{other}' (expected match, rules)");
                }
            }

            return new AddressOverride(match ?? throw Error(source, item, "an override needs 'match' (an address glob)"), severities);
        }).ToImmutableArray();

    private static ImmutableArray<CategoryOverride> ReadCategories(YamlNode node, string source) =>
        Sequence(node, source, "categories").Select(item =>
        {
            string? match = null;
            ResourceCategory? category = null;
            foreach (var (keyNode, value) in Mapping(item, source, "a category entry").Children)
            {
                switch (Key(keyNode, source))
                {
                    case "match":
                        match = Scalar(value, source, "categories[].match");
                        break;
                    case "category":
                        var text = Scalar(value, source, "categories[].category");
                        category = ResourceCategoryNames.TryParse(text, out var parsed)
                            ? parsed
                            : throw Error(source, value, $"unknown category '{text}' (expected data, encryption-key, identity, network, dns, compute, container, other, unknown)");
                        break;
                    case var other:
                        throw Error(source, keyNode, $"unknown key 'categories[].{other}' (expected match, category)");
                }
            }

            return new CategoryOverride(
                match ?? throw Error(source, item, "a category entry needs 'match' (a type or address glob)"),
                category ?? throw Error(source, item, "a category entry needs 'category'"));
        }).ToImmutableArray();

    private static ImmutableArray<SuppressionEntry> ReadSuppressions(YamlNode node, string source) =>
        Sequence(node, source, "suppressions").Select(item =>
        {
            string? rule = null, address = null, justification = null;
            foreach (var (keyNode, value) in Mapping(item, source, "a suppression").Children)
            {
                switch (Key(keyNode, source))
                {
                    case "rule":
                        rule = Scalar(value, source, "suppressions[].rule");
                        break;
                    case "address":
                        address = Scalar(value, source, "suppressions[].address");
                        break;
                    case "justification":
                        justification = Scalar(value, source, "suppressions[].justification");
                        break;
                    case var other:
                        throw Error(source, keyNode, $"unknown key 'suppressions[].{other}' (expected rule, address, justification)");
                }
            }

            return new SuppressionEntry(
                rule ?? throw Error(source, item, "a suppression needs 'rule' (a rule id such as PRV101, or *)"),
                address ?? "*",
                justification,
                checked((int)item.Start.Line));
        }).ToImmutableArray();

    private static Severity ParseSeverity(YamlNode node, string source)
    {
        var text = Scalar(node, source, "a severity");
        return SeverityNames.TryParse(text, out var severity)
            ? severity
            : throw Error(source, node, $"unknown severity '{text}' (expected error, warning, info, none)");
    }

    private static int NonNegative(YamlNode node, string source, string what)
    {
        var value = Integer(node, source, what);
        return value >= 0 ? value : throw Error(source, node, $"{what} must be 0 or more");
    }

    private static int Integer(YamlNode node, string source, string what)
    {
        var text = Scalar(node, source, what);
        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw Error(source, node, $"{what} must be a whole number, not '{text}'");
    }

    private static YamlMappingNode Mapping(YamlNode node, string source, string what) =>
        node as YamlMappingNode ?? throw Error(source, node, $"{what} must be a mapping");

    private static IEnumerable<YamlNode> Sequence(YamlNode node, string source, string what) =>
        node as YamlSequenceNode ?? throw Error(source, node, $"{what} must be a list");

    private static string Scalar(YamlNode node, string source, string what) =>
        (node as YamlScalarNode)?.Value ?? throw Error(source, node, $"{what} must be a single value");

    private static string Key(YamlNode node, string source) => Scalar(node, source, "a key");

    private static PolicyException Error(string source, YamlNode node, string message) =>
        new($"{source}:{node.Start.Line}: {message}");
}
