using System.Collections.Immutable;
using PlanReview.Core.Model;

namespace PlanReview.Reporting.Model;

/// <summary>The non-zero counts of a summary, destructive first, in the order every report shows them.</summary>
public static class SummaryParts
{
    public static ImmutableArray<(int Count, string Label)> Of(ChangeSummary s) =>
    [
        .. new[]
        {
            (s.Delete, "destroy"), (s.Replace, "replace"), (s.Forget, "forget"), (s.Create, "create"), (s.Update, "update"),
            (s.Import, "import"), (s.Move, "move"), (s.Read, "read"), (s.Unknown, "unknown"), (s.NoOp, "unchanged"),
        }.Where(p => p.Item1 > 0),
    ];
}
