using System.Collections.Immutable;
using PlanReview.Core.Model;

namespace PlanReview.Rules.Protection;

/// <summary>The values found at one attribute path on one side (before or after) of a change.</summary>
/// <param name="Values">What the path selected; empty when it is absent.</param>
/// <param name="ObjectGone">True when the whole object does not exist on this side (before a create, after a delete).</param>
internal sealed record ObservedValues(ImmutableArray<PlanValue> Values, bool ObjectGone)
{
    private static readonly ObservedValues Nothing = new([], false);
    private static readonly ObservedValues Gone = new([], true);

    /// <summary>The values on one side; most watched attributes are absent from most resources, and those share one instance.</summary>
    public static ObservedValues Of(ImmutableArray<PlanValue> values, bool objectGone) =>
        !values.IsEmpty ? new(values, objectGone) : objectGone ? Gone : Nothing;

    /// <summary>Something at the path is unknown until apply or masked: no verdict can be drawn from it.</summary>
    public bool IsIndeterminate => Values.Any(AttributePath.IsIndeterminate);

    /// <summary>Nothing meaningful is there: no value, null, an empty list or an empty object.</summary>
    public bool IsAbsent => Values.All(v => v is PlanValue.NullValue
        or PlanValue.ListValue { Items.IsEmpty: true }
        or PlanValue.ObjectValue { Properties.Count: 0 });

    public bool AnyTrue => Values.Any(v => v.AsBool() == true);

    public bool AnyFalse => Values.Any(v => v.AsBool() == false);

    public ImmutableArray<decimal> Numbers => Values.Select(v => v.AsNumber()).OfType<decimal>().ToImmutableArray();

    /// <summary>The string values, a list of strings flattened one level.</summary>
    public ImmutableArray<string> Strings => AttributePath.Flatten(Values).Select(v => v.AsString()).OfType<string>().ToImmutableArray();

    /// <summary>Every leaf string, however deep (members of IAM bindings, grants…).</summary>
    public ImmutableArray<string> AllStrings => Values.SelectMany(v => v.Strings()).ToImmutableArray();
}
