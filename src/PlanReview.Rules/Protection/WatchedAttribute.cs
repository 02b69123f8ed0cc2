using System.Collections.Immutable;
using PlanReview.Core;
using PlanReview.Core.Analysis;
using PlanReview.Core.Model;

namespace PlanReview.Rules.Protection;

/// <summary>
/// One row of a rule's data table: on resources of <paramref name="Type"/> (a glob) in plans of
/// <paramref name="Format"/>, the attribute at <paramref name="Path"/> must not make <paramref name="Transition"/>.
/// When several rows of a table match one resource with the same path, the first row wins, so a
/// specific type can refine a generic <c>*</c> row.
/// </summary>
internal sealed record WatchedAttribute(PlanFormat Format, string Type, string Path, AttributeTransition Transition)
{
    /// <summary>Types the <see cref="Type"/> glob must not match.</summary>
    public ImmutableArray<string> ExceptTypes { get; init; } = [];

    /// <summary>True when deleting the resource itself removes the safeguard (a public access block, a lock).</summary>
    public bool AlsoOnDelete { get; init; }

    /// <summary>True when the provider's default on a new resource is the "unsafe" value, so a create proves nothing.</summary>
    public bool IgnoreCreate { get; init; }

    /// <summary>Paths that, when set after the change, narrow the grant so that it is no longer open to everyone.</summary>
    public ImmutableArray<string> UnlessSet { get; init; } = [];

    public bool AppliesTo(PlanFormat format, string type) =>
        Format == format && Glob.IsMatch(Type, type) && !ExceptTypes.Any(e => Glob.IsMatch(e, type));
}

/// <summary>Evaluates a table of <see cref="WatchedAttribute"/> rows against one change.</summary>
internal static class WatchedAttributes
{
    /// <summary>
    /// What weakened on this change, one phrase per attribute, in table order. For a deleted resource
    /// the phrases are folded into one ("the resource is deleted while a was true, b was true").
    /// </summary>
    public static ImmutableArray<string> Check(ImmutableArray<WatchedAttribute> table, PlanFormat format, ResourceChange change, RuleOptions options)
    {
        var before = AttributePath.AttributesOf(format, change.Before);
        var after = AttributePath.AttributesOf(format, change.After);
        var created = change.Action == ChangeAction.Create;
        var deleted = change.Action == ChangeAction.Delete;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = ImmutableArray.CreateBuilder<string>();
        foreach (var row in table)
        {
            if (!row.AppliesTo(format, change.Type) || !seen.Add(row.Path) ||
                (deleted && !row.AlsoOnDelete) || (created && row.IgnoreCreate) ||
                row.UnlessSet.Any(p => !new ObservedValues(AttributePath.Select(after, p), false).IsAbsent))
            {
                continue;
            }

            var was = new ObservedValues(created ? [] : AttributePath.Select(before, row.Path), created);
            var now = new ObservedValues(deleted ? [] : AttributePath.Select(after, row.Path), deleted);
            if (row.Transition.Check(AttributePath.Display(row.Path), was, now, options) is { } phrase && !result.Contains(phrase))
            {
                result.Add(phrase);
            }
        }

        return deleted && result.Count > 0
            ? [$"the resource is deleted while {string.Join(", ", result)}"]
            : result.ToImmutable();
    }

    /// <summary>"a; b; c": the phrases of one resource in one message.</summary>
    public static string Join(ImmutableArray<string> phrases) => string.Join("; ", phrases);
}
