using PlanReview.Core.Model;

namespace PlanReview.Rules.Scope;

/// <summary>What the size rules count as "destroyed": shared so that PRV301, PRV302 and PRV303 agree.</summary>
internal static class ScopeCounting
{
    /// <summary>
    /// A managed delete or replace whose old object really goes away. A retained object (CloudFormation
    /// Retain, Pulumi retainOnDelete) or a forgotten one stays in the cloud and is not counted; a fate the
    /// input does not state counts as destroyed (fail closed).
    /// </summary>
    public static bool Destroys(ResourceChange change) =>
        change.IsManaged &&
        change.Action.IsDestructive() &&
        change.Fate is not (ObjectFate.Retained or ObjectFate.Forgotten);

    public static string Plural(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";
}
