using PlanReview.Core.Graph;
using PlanReview.Core.Model;

namespace PlanReview.Core.Analysis;

/// <summary>
/// What the callbacks of one plan share, computed once per plan instead of once per callback: the blast
/// radius, the categories, the summary and each rule's options; and the sink of one analyzer's raw findings.
/// </summary>
/// <remarks>
/// Analyzers run concurrently, each on one thread at a time: everything here but the sink is shared by
/// them and safe to read from several threads; each analyzer gets its own sink (<see cref="ForAnalyzer"/>),
/// so that the engine can put the findings together in analyzer order whatever the timing.
/// </remarks>
internal sealed class PlanAnalysisState
{
    private readonly SharedValue<BlastRadius> blastRadius;
    private readonly SharedValue<PlanCategories> categories;
    private readonly Lazy<ChangeSummary> summary;
    private readonly Func<string, RuleOptions> options;
    private readonly List<Diagnostic> sink;

    public PlanAnalysisState(
        Plan plan,
        SharedValue<BlastRadius> blastRadius,
        SharedValue<PlanCategories> categories,
        Func<string, RuleOptions> options)
        : this(plan, new ChangeSelections(plan.Changes), blastRadius, categories, new Lazy<ChangeSummary>(() => ChangeSummary.Of(plan)), options, [])
    {
    }

    private PlanAnalysisState(
        Plan plan,
        ChangeSelections selections,
        SharedValue<BlastRadius> blastRadius,
        SharedValue<PlanCategories> categories,
        Lazy<ChangeSummary> summary,
        Func<string, RuleOptions> options,
        List<Diagnostic> sink)
    {
        Plan = plan;
        Selections = selections;
        this.blastRadius = blastRadius;
        this.categories = categories;
        this.summary = summary;
        this.options = options;
        this.sink = sink;
    }

    public Plan Plan { get; }

    /// <summary>The plan's blast radius; waits while another thread computes it.</summary>
    public BlastRadius BlastRadius => blastRadius.Value;

    /// <summary>The plan's categories; waits while another thread computes them.</summary>
    public PlanCategories Categories => categories.Value;

    public ChangeSummary Summary => summary.Value;

    /// <summary>The indexes of the changes each set of actions selects.</summary>
    public ChangeSelections Selections { get; }

    /// <summary>The raw findings reported through this state, in the order they were reported.</summary>
    public IReadOnlyList<Diagnostic> Reported => sink;

    /// <summary>The same shared state with a sink of its own, for one analyzer.</summary>
    public PlanAnalysisState ForAnalyzer() => new(Plan, Selections, blastRadius, categories, summary, options, []);

    public IReadOnlyList<ResourceChange> ChangesOf(ChangeActionSet actions) =>
        Array.ConvertAll(Selections.Of(actions), i => Plan.Changes[i]);

    public RuleOptions Options(string id) => options(id);

    /// <summary>Keeps a finding, naming the plan and, for a finding about the change being analysed, its resource type.</summary>
    public void Report(Diagnostic diagnostic, ResourceChange? change) => sink.Add(diagnostic with
    {
        PlanSource = diagnostic.PlanSource ?? Plan.Source,
        ResourceType = diagnostic.ResourceType ?? (change is not null && diagnostic.Address == change.Address ? change.Type : null),
    });

    /// <summary>Keeps the engine's own finding about this analyzer (PRV900), in its place among the analyzer's.</summary>
    public void ReportFailure(Diagnostic diagnostic) => sink.Add(diagnostic);
}
