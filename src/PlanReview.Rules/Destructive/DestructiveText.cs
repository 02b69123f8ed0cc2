using PlanReview.Core.Graph;
using PlanReview.Core.Model;

namespace PlanReview.Rules.Destructive;

/// <summary>Phrases and predicates the destructive rules share, so their messages read alike.</summary>
internal static class DestructiveText
{
    /// <summary>How many dependents are named in a message before the rest is only counted.</summary>
    private const int NamedDependents = 3;

    /// <summary>"no other resource depends on it", "2 resources depend on it (a, b)", "5 resources depend on it (a, b, c, …)".</summary>
    public static string Dependents(BlastRadius blastRadius, string address)
    {
        var dependents = blastRadius.DependentsOf(address);
        if (dependents.IsEmpty)
        {
            return "no other resource in the plan depends on it";
        }

        var named = string.Join(", ", dependents.Take(NamedDependents).Select(d => d.Address));
        var more = dependents.Length > NamedDependents ? ", …" : string.Empty;
        return dependents.Length == 1
            ? $"1 resource depends on it ({named})"
            : $"{dependents.Length} resources depend on it ({named}{more})";
    }

    /// <summary>
    /// True when the current object stops existing: a delete or replace whose old object is neither
    /// retained nor only forgotten. A fate the input does not state counts as destroyed (fail closed).
    /// </summary>
    public static bool RemovesObject(ResourceChange change) =>
        change.IsManaged &&
        change.Action.IsDestructive() &&
        change.Fate is not (ObjectFate.Retained or ObjectFate.Forgotten);

    public static string Verb(ChangeAction action) => action == ChangeAction.Replace ? "replaced" : "destroyed";

    /// <summary>The attribute paths that forced a replacement (names, never values), or empty.</summary>
    public static string ForcedBy(ResourceChange change)
    {
        if (change.ReplacePaths.IsEmpty)
        {
            return string.Empty;
        }

        var paths = string.Join(", ", change.ReplacePaths.Order(StringComparer.Ordinal).Take(NamedDependents));
        var more = change.ReplacePaths.Length > NamedDependents ? ", …" : string.Empty;
        return $" (forced by {paths}{more})";
    }
}
