using System.Collections.Immutable;
using PlanReview.Core.Categories;
using PlanReview.Core.Configuration;
using PlanReview.Core.Graph;
using PlanReview.Core.Model;

namespace PlanReview.Core.Analysis;

/// <summary>One analysed plan: the plan, its blast radius, and what each of its resources is.</summary>
public sealed record AnalyzedPlan
{
    // The engine's categories, kept in their fast form; the immutable map is built only if somebody reads it.
    private readonly PlanCategories? computed;
    private readonly ImmutableDictionary<string, ResourceCategory>? given;

    public AnalyzedPlan(Plan plan, BlastRadius blastRadius, ImmutableDictionary<string, ResourceCategory> categories)
    {
        Plan = plan;
        BlastRadius = blastRadius;
        given = categories;
    }

    internal AnalyzedPlan(Plan plan, BlastRadius blastRadius, PlanCategories categories)
    {
        Plan = plan;
        BlastRadius = blastRadius;
        computed = categories;
    }

    public Plan Plan { get; init; }

    public BlastRadius BlastRadius { get; init; }

    /// <summary>What each resource is, by address.</summary>
    public ImmutableDictionary<string, ResourceCategory> Categories
    {
        get => given ?? computed!.ToImmutable();
        init
        {
            given = value;
            computed = null;
        }
    }

    public ResourceCategory CategoryOf(ResourceChange change) => computed is not null
        ? computed.OfAddress(change.Address) ?? ResourceCategory.Unknown
        : Categories.TryGetValue(change.Address, out var category) ? category : ResourceCategory.Unknown;

    public void Deconstruct(out Plan plan, out BlastRadius blastRadius, out ImmutableDictionary<string, ResourceCategory> categories)
    {
        plan = Plan;
        blastRadius = BlastRadius;
        categories = Categories;
    }
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
