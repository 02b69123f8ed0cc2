using System.Collections.Immutable;
using PlanReview.Core.Categories;
using PlanReview.Core.Configuration;
using PlanReview.Core.Graph;
using PlanReview.Core.Model;

namespace PlanReview.Core.Analysis;

/// <summary>One analysed plan: the plan, its blast radius, and what each of its resources is.</summary>
public sealed record AnalyzedPlan(Plan Plan, BlastRadius BlastRadius, ImmutableDictionary<string, ResourceCategory> Categories)
{
    public ResourceCategory CategoryOf(ResourceChange change) =>
        Categories.TryGetValue(change.Address, out var category) ? category : ResourceCategory.Unknown;
}

/// <summary>Everything the reports need: plans, sorted diagnostics (suppressed ones included, marked), and the decision.</summary>
public sealed record AnalysisResult(
    ImmutableArray<AnalyzedPlan> Plans,
    ImmutableArray<Diagnostic> Diagnostics,
    Decision Decision,
    Policy Policy)
{
    public ChangeSummary Summary => Plans.Aggregate(ChangeSummary.Empty, (sum, p) => sum + ChangeSummary.Of(p.Plan));

    /// <summary>Diagnostics that count (not suppressed).</summary>
    public IEnumerable<Diagnostic> Active => Diagnostics.Where(d => !d.IsSuppressed);
}
