using System.Collections.Immutable;
using System.Globalization;
using PlanReview.Core.Categories;
using PlanReview.Core.Graph;
using PlanReview.Core.Model;

namespace PlanReview.Core.Analysis;

/// <summary>Where analyzers register their callbacks (after Roslyn's AnalysisContext).</summary>
public sealed class AnalysisContext
{
    private readonly List<ResourceChangeRegistration> resourceActions = [];
    private readonly List<Action<PlanAnalysisContext>> planActions = [];

    internal IReadOnlyList<ResourceChangeRegistration> ResourceActions => resourceActions;

    internal IReadOnlyList<Action<PlanAnalysisContext>> PlanActions => planActions;

    /// <summary>Called once for every resource change of every plan (no-ops included).</summary>
    public void RegisterResourceChangeAction(Action<ResourceChangeAnalysisContext> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        resourceActions.Add(new(action, ChangeActionSet.All));
    }

    /// <summary>
    /// Called once for every resource change whose action is one of <paramref name="actions"/>, in plan order.
    /// Most of a large plan is no-ops: a rule about destroys that says so is never called for them.
    /// </summary>
    /// <exception cref="ArgumentException">No action, or a value that is not a <see cref="ChangeAction"/>.</exception>
    public void RegisterResourceChangeAction(Action<ResourceChangeAnalysisContext> action, params ChangeAction[] actions)
    {
        ArgumentNullException.ThrowIfNull(action);
        resourceActions.Add(new(action, ChangeActionSet.Of(actions)));
    }

    /// <summary>Called once per plan, after the resource actions.</summary>
    public void RegisterPlanAction(Action<PlanAnalysisContext> action) => planActions.Add(action);
}

/// <summary>A resource callback and the change actions it is called for.</summary>
internal sealed record ResourceChangeRegistration(Action<ResourceChangeAnalysisContext> Action, ChangeActionSet Actions);

/// <summary>A rule's options from the policy file (<c>rules.PRVnnn.options</c>).</summary>
public sealed class RuleOptions
{
    private readonly ImmutableSortedDictionary<string, string> values;

    public RuleOptions(ImmutableSortedDictionary<string, string> values) => this.values = values;

    public static RuleOptions Empty { get; } = new(ImmutableSortedDictionary<string, string>.Empty);

    public int GetInt(string name, int defaultValue) =>
        values.TryGetValue(name, out var text) && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : defaultValue;

    public double GetDouble(string name, double defaultValue) =>
        values.TryGetValue(name, out var text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : defaultValue;

    public bool GetBool(string name, bool defaultValue) =>
        values.TryGetValue(name, out var text) && bool.TryParse(text, out var value) ? value : defaultValue;

    public string? GetString(string name) => values.GetValueOrDefault(name);
}

/// <summary>What every callback sees: the plan, its blast radius, categories, options and the report sink.</summary>
public abstract class AnalysisContextBase
{
    private protected AnalysisContextBase(PlanAnalysisState state) => State = state;

    public Plan Plan => State.Plan;

    /// <summary>The plan's blast radius; on a large plan it is computed beside the analyzers, and asking waits for it.</summary>
    public BlastRadius BlastRadius => State.BlastRadius;

    private protected PlanAnalysisState State { get; }

    /// <summary>What a resource is (the built-in table, after the policy's category overrides).</summary>
    public ResourceCategory CategoryOf(ResourceChange change) => State.Categories.Of(change);

    /// <summary>The options the policy file gives one rule.</summary>
    public RuleOptions GetOptions(DiagnosticDescriptor descriptor) => State.Options(descriptor.Id);

    public void ReportDiagnostic(Diagnostic diagnostic) => Report(diagnostic);

    private protected abstract void Report(Diagnostic diagnostic);
}

public sealed class ResourceChangeAnalysisContext : AnalysisContextBase
{
    private readonly int index;

    internal ResourceChangeAnalysisContext(PlanAnalysisState state, ResourceChange change, int index)
        : base(state)
    {
        Change = change;
        this.index = index;
    }

    public ResourceChange Change { get; }

    public ResourceCategory Category => State.Categories[index];

    private protected override void Report(Diagnostic diagnostic) => State.Report(diagnostic, Change);
}

public sealed class PlanAnalysisContext : AnalysisContextBase
{
    internal PlanAnalysisContext(PlanAnalysisState state)
        : base(state)
    {
    }

    public ChangeSummary Summary => State.Summary;

    /// <summary>
    /// The plan's changes whose action is one of <paramref name="actions"/>, in plan order. The engine keeps the
    /// actions of a plan's changes together, so this is cheaper than filtering <see cref="Plan.Changes"/> again.
    /// </summary>
    /// <exception cref="ArgumentException">No action, or a value that is not a <see cref="ChangeAction"/>.</exception>
    public IReadOnlyList<ResourceChange> ChangesOf(params ChangeAction[] actions) => State.ChangesOf(ChangeActionSet.Of(actions));

    private protected override void Report(Diagnostic diagnostic) => State.Report(diagnostic, null);
}
