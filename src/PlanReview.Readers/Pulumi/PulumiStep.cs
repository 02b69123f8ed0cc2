using System.Collections.Immutable;
using Newtonsoft.Json.Linq;
using PlanReview.Core.Model;

namespace PlanReview.Readers.Pulumi;

/// <summary>The facts of one resource state (<c>ResourceV3</c> in the digest, <c>StepEventStateMetadata</c> in the log) that matter here.</summary>
internal sealed record PulumiState(
    string? Type,
    bool Protect,
    bool RetainOnDelete,
    bool External,
    bool Delete,
    bool? DeleteBeforeReplace,
    string? Parent,
    ImmutableArray<string> Dependencies,
    ImmutableArray<string> PropertyDependencies,
    PlanValue? Inputs)
{
    public static PulumiState? From(JToken? token)
    {
        if (token is not JObject o)
        {
            return null;
        }

        var propertyDependencies = o["propertyDependencies"] is JObject map
            ? map.Properties().SelectMany(p => p.Value is JArray list ? Strings(list) : []).Distinct(StringComparer.Ordinal).ToImmutableArray()
            : [];
        return new PulumiState(
            Str(o["type"]),
            Bool(o["protect"]) ?? false,
            Bool(o["retainOnDelete"]) ?? false,
            Bool(o["external"]) ?? false,
            Bool(o["delete"]) ?? false,
            Bool(o["deleteBeforeReplace"]),
            Str(o["parent"]) is { Length: > 0 } parent ? parent : null,
            o["dependencies"] is JArray dependencies ? Strings(dependencies).Distinct(StringComparer.Ordinal).ToImmutableArray() : [],
            propertyDependencies,
            PulumiValues.FromOptional(o["inputs"]));
    }

    private static IEnumerable<string> Strings(JArray list) =>
        list.OfType<JValue>().Where(v => v.Type == JTokenType.String).Select(v => (string)v!).Where(s => s.Length > 0);

    private static string? Str(JToken? token) => token is JValue { Type: JTokenType.String } v ? (string?)v : null;

    private static bool? Bool(JToken? token) => token is JValue { Type: JTokenType.Boolean } v ? (bool)v : null;
}

/// <summary>One engine step (a digest <c>steps[]</c> entry or a <c>resourcePreEvent.metadata</c>), in document order.</summary>
internal sealed record PulumiStep(
    int Index,
    string Op,
    string Urn,
    string? Type,
    PulumiState? Old,
    PulumiState? New,
    ImmutableArray<string> ReplaceReasons,
    bool HasDiff)
{
    /// <summary>Reads a step; the digest and the event log name the same facts differently.</summary>
    /// <param name="step">The step object.</param>
    /// <param name="index">Its position among all steps.</param>
    /// <param name="digest">True for <c>pulumi preview --json</c> (<c>oldState</c>, <c>replaceReasons</c>, <c>kind</c>), false for events (<c>old</c>, <c>keys</c>, <c>diffKind</c>).</param>
    public static PulumiStep? From(JObject step, int index, bool digest)
    {
        var urn = Str(step["urn"]);
        if (string.IsNullOrEmpty(urn))
        {
            return null;
        }

        var replaceReasons = new List<string>();
        if (step[digest ? "replaceReasons" : "keys"] is JArray keys)
        {
            replaceReasons.AddRange(keys.OfType<JValue>().Where(v => v.Type == JTokenType.String).Select(v => (string)v!));
        }

        var hasDiff = step[digest ? "diffReasons" : "diffs"] is JArray { Count: > 0 };
        if (step["detailedDiff"] is JObject detailed)
        {
            hasDiff |= detailed.Count > 0;
            foreach (var entry in detailed.Properties())
            {
                // add-replace, delete-replace, update-replace: this property forces the replacement.
                if (entry.Value is JObject diff && Str(diff[digest ? "kind" : "diffKind"]) is { } kind && kind.EndsWith("-replace", StringComparison.Ordinal))
                {
                    replaceReasons.Add(entry.Name);
                }
            }
        }

        return new PulumiStep(
            index,
            Str(step["op"]) ?? string.Empty,
            urn,
            Str(step["type"]),
            PulumiState.From(step[digest ? "oldState" : "old"]),
            PulumiState.From(step[digest ? "newState" : "new"]),
            replaceReasons.Distinct(StringComparer.Ordinal).ToImmutableArray(),
            hasDiff);
    }

    private static string? Str(JToken? token) => token is JValue { Type: JTokenType.String } v ? (string?)v : null;
}
