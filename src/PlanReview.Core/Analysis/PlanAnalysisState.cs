using PlanReview.Core.Graph;
using PlanReview.Core.Model;

namespace PlanReview.Core.Analysis;

/// <summary>
/// What the callbacks of one plan share, computed once per plan instead of once per callback:
/// the blast radius, the categories, the summary, each rule's options, and the sink of raw findings.
/// </summary>
internal sealed class PlanAnalysisState
{
    private readonly Func<string, RuleOptions> options;
    private readonly List<Diagnostic> sink;
    private ChangeSummary? summary;

    public PlanAnalysisState(Plan plan, BlastRadius blastRadius, PlanCategories categories, Func<string, RuleOptions> options, List<Diagnostic> sink)
    {
        Plan = plan;
        Selections = new ChangeSelections(plan.Changes);
        BlastRadius = blastRadius;
        Categories = categories;
        this.options = options;
        this.sink = sink;
    }

    public Plan Plan { get; }

    public BlastRadius BlastRadius { get; }

    public PlanCategories Categories { get; }

    public ChangeSummary Summary => summary ??= ChangeSummary.Of(Plan);

    /// <summary>The indexes of the changes each set of actions selects.</summary>
    public ChangeSelections Selections { get; }

    public IReadOnlyList<ResourceChange> ChangesOf(ChangeActionSet actions) =>
        Array.ConvertAll(Selections.Of(actions), i => Plan.Changes[i]);

    public RuleOptions Options(string id) => options(id);

    /// <summary>Keeps a finding, naming the plan and, for a finding about the change being analysed, its resource type.</summary>
    public void Report(Diagnostic diagnostic, ResourceChange? change) => sink.Add(diagnostic with
    {
        PlanSource = diagnostic.PlanSource ?? Plan.Source,
        ResourceType = diagnostic.ResourceType ?? (change is not null && diagnostic.Address == change.Address ? change.Type : null),
    });
}
