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

    /// <summary>The path as users write it in configuration, for messages.</summary>
    public string DisplayPath { get; } = AttributePath.Display(Path);

    public bool AppliesTo(PlanFormat format, string type)
    {
        if (Format != format || !Glob.IsMatch(Type, type))
        {
            return false;
        }

        foreach (var except in ExceptTypes)
        {
            if (Glob.IsMatch(except, type))
            {
                return false;
            }
        }

        return true;
    }
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

        // Most changes match no row: nothing is allocated for them.
        HashSet<string>? seen = null;
        ImmutableArray<string>.Builder? result = null;
        foreach (var row in table)
        {
            if (!row.AppliesTo(format, change.Type))
            {
                continue;
            }

            // The first row of a path that applies to the type wins, even where it does not look at this action.
            seen ??= new HashSet<string>(StringComparer.Ordinal);
            if (!seen.Add(row.Path) || (deleted && !row.AlsoOnDelete) || (created && row.IgnoreCreate) || IsNarrowed(row, after))
            {
                continue;
            }

            var was = ObservedValues.Of(created ? [] : AttributePath.Select(before, row.Path), created);
            var now = ObservedValues.Of(deleted ? [] : AttributePath.Select(after, row.Path), deleted);
            if (row.Transition.Check(row.DisplayPath, was, now, options) is { } phrase)
            {
                result ??= ImmutableArray.CreateBuilder<string>();
                if (!result.Contains(phrase))
                {
                    result.Add(phrase);
                }
            }
        }

        if (result is null)
        {
            return [];
        }

        return deleted
            ? [$"the resource is deleted while {string.Join(", ", result)}"]
            : result.ToImmutable();
    }

    /// <summary>True when a path of <see cref="WatchedAttribute.UnlessSet"/> is set after the change.</summary>
    private static bool IsNarrowed(WatchedAttribute row, PlanValue? after)
    {
        foreach (var path in row.UnlessSet)
        {
            if (!ObservedValues.Of(AttributePath.Select(after, path), false).IsAbsent)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>"a; b; c": the phrases of one resource in one message.</summary>
    public static string Join(ImmutableArray<string> phrases) => string.Join("; ", phrases);
}
