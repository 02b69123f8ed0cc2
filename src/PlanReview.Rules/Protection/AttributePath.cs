using System.Collections.Immutable;
using System.Text.Json;
using PlanReview.Core.Model;

namespace PlanReview.Rules.Protection;

/// <summary>
/// Reads attribute paths out of a resource's before/after value, the same way for the three tools.
/// A path is a dot-separated list of segments: a key, <c>*</c> (every item of a list; an object is
/// taken as a list of one, because Terraform writes nested blocks as lists where Pulumi writes
/// objects), or <c>$json</c> (the string value is a JSON document: IAM policies, <c>policy_data</c>).
/// </summary>
internal static class AttributePath
{
    /// <summary>Every value at <paramref name="path"/>; empty when the path is absent. Unknown and sensitive values are kept, so callers can refuse to guess.</summary>
    public static ImmutableArray<PlanValue> Select(PlanValue? root, string path)
    {
        if (root is null)
        {
            return [];
        }

        if (path.IndexOf('.', StringComparison.Ordinal) < 0 && path is not ("*" or "$json"))
        {
            // One key, the most common path: no lists at all.
            return IsIndeterminate(root) ? [root] : Child(root, path) is { } child ? [child] : [];
        }

        // Rules read a few paths of every change they see: one list per step instead of a query per segment.
        var current = new List<PlanValue>(1) { root };
        var next = new List<PlanValue>();
        var start = 0;
        while (current.Count > 0)
        {
            var end = path.IndexOf('.', start);
            var segment = end < 0 ? (start == 0 ? path : path[start..]) : path[start..end];
            foreach (var value in current)
            {
                Step(value, segment, next);
            }

            (current, next) = (next, current);
            next.Clear();
            if (end < 0)
            {
                break;
            }

            start = end + 1;
        }

        return [.. current];
    }

    /// <summary>The value a rule should read attributes from: Pulumi state objects keep their inputs under <c>inputs</c>.</summary>
    public static PlanValue? AttributesOf(PlanFormat format, PlanValue? value) =>
        format == PlanFormat.Pulumi && value is PlanValue.ObjectValue o && o.Properties.TryGetValue("inputs", out var inputs) &&
        (o.Properties.ContainsKey("urn") || o.Properties.ContainsKey("type"))
            ? inputs
            : value;

    /// <summary>Flattens one level: the strings of a string or of a list of strings (a field written either way).</summary>
    public static IEnumerable<PlanValue> Flatten(IEnumerable<PlanValue> values) =>
        values.SelectMany(v => v is PlanValue.ListValue l ? l.Items.AsEnumerable() : [v]);

    /// <summary>True for values nobody can read yet: unknown until apply, or masked as sensitive.</summary>
    public static bool IsIndeterminate(PlanValue value) => value is PlanValue.UnknownValue or PlanValue.SensitiveValue;

    /// <summary>A path as users write it in configuration (<c>settings.backup_configuration.enabled</c>).</summary>
    /// <summary>CloudFormation's <c>Properties.</c> prefix is dropped: users know the property by its name.</summary>
    public static string Display(string path) =>
        string.Join('.', path.Split('.').Where(s => s is not ("*" or "$json")).SkipWhile((s, i) => i == 0 && s == "Properties"));

    private static void Step(PlanValue value, string segment, List<PlanValue> into)
    {
        if (IsIndeterminate(value))
        {
            // An unknown parent makes every child unknown: keep it so the caller sees it.
            into.Add(value);
            return;
        }

        switch (segment)
        {
            case "*":
                if (value is PlanValue.ListValue list)
                {
                    into.AddRange(list.Items);
                }
                else if (value is PlanValue.ObjectValue)
                {
                    into.Add(value);
                }

                break;
            case "$json":
                if (value is PlanValue.StringValue s)
                {
                    if (ParseJson(s.Value) is { } parsed)
                    {
                        into.Add(parsed);
                    }
                }
                else if (value is PlanValue.ObjectValue or PlanValue.ListValue)
                {
                    into.Add(value);
                }

                break;
            default:
                if (Child(value, segment) is { } child)
                {
                    into.Add(child);
                }

                break;
        }
    }

    /// <summary>One step of <see cref="PlanValue.Get"/>, the object case first and without its array of steps (rules take millions).</summary>
    private static PlanValue? Child(PlanValue value, string key) =>
        value is PlanValue.ObjectValue o ? (o.Properties.TryGetValue(key, out var child) ? child : null) : value.Get(key);

    /// <summary>Parses a JSON document into a plan value; null when the text is not JSON (never throws).</summary>
    public static PlanValue? ParseJson(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = 64 });
            return Convert(document.RootElement);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static PlanValue Convert(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => new PlanValue.ObjectValue(element.EnumerateObject().Select(p => KeyValuePair.Create(p.Name, Convert(p.Value)))),
        JsonValueKind.Array => new PlanValue.ListValue(element.EnumerateArray().Select(Convert).ToImmutableArray()),
        JsonValueKind.String => PlanValue.From(element.GetString()!),
        JsonValueKind.Number => new PlanValue.NumberValue(element.GetRawText()),
        JsonValueKind.True => PlanValue.True,
        JsonValueKind.False => PlanValue.False,
        _ => PlanValue.Null,
    };
}
