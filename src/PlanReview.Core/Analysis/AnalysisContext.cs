using System.Collections.Immutable;
using System.Globalization;
using PlanReview.Core.Categories;
using PlanReview.Core.Graph;
using PlanReview.Core.Model;

namespace PlanReview.Core.Analysis;

/// <summary>Where analyzers register their callbacks (after Roslyn's AnalysisContext).</summary>
public sealed class AnalysisContext
{
    private readonly List<Action<ResourceChangeAnalysisContext>> resourceActions = [];
    private readonly List<Action<PlanAnalysisContext>> planActions = [];

    internal IReadOnlyList<Action<ResourceChangeAnalysisContext>> ResourceActions => resourceActions;

    internal IReadOnlyList<Action<PlanAnalysisContext>> PlanActions => planActions;

    /// <summary>Called once for every resource change of every plan (no-ops included).</summary>
    public void RegisterResourceChangeAction(Action<ResourceChangeAnalysisContext> action) => resourceActions.Add(action);

    /// <summary>Called once per plan, after the resource actions.</summary>
    public void RegisterPlanAction(Action<PlanAnalysisContext> action) => planActions.Add(action);
}

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
    private readonly Func<string, RuleOptions> options;
    private readonly Func<ResourceChange, ResourceCategory> categorize;
    private readonly Action<Diagnostic> report;

    private protected AnalysisContextBase(Plan plan, BlastRadius blastRadius, Func<ResourceChange, ResourceCategory> categorize, Func<string, RuleOptions> options, Action<Diagnostic> report)
    {
        Plan = plan;
        BlastRadius = blastRadius;
        this.categorize = categorize;
        this.options = options;
        this.report = report;
    }

    public Plan Plan { get; }

    public BlastRadius BlastRadius { get; }

    /// <summary>What a resource is (the built-in table, after the policy's category overrides).</summary>
    public ResourceCategory CategoryOf(ResourceChange change) => categorize(change);

    /// <summary>The options the policy file gives one rule.</summary>
    public RuleOptions GetOptions(DiagnosticDescriptor descriptor) => options(descriptor.Id);

    public void ReportDiagnostic(Diagnostic diagnostic) => report(diagnostic);
}

public sealed class ResourceChangeAnalysisContext : AnalysisContextBase
{
    internal ResourceChangeAnalysisContext(Plan plan, ResourceChange change, BlastRadius blastRadius, Func<ResourceChange, ResourceCategory> categorize, Func<string, RuleOptions> options, Action<Diagnostic> report)
        : base(plan, blastRadius, categorize, options, report) => Change = change;

    public ResourceChange Change { get; }

    public ResourceCategory Category => CategoryOf(Change);
}

public sealed class PlanAnalysisContext : AnalysisContextBase
{
    internal PlanAnalysisContext(Plan plan, BlastRadius blastRadius, Func<ResourceChange, ResourceCategory> categorize, Func<string, RuleOptions> options, Action<Diagnostic> report)
        : base(plan, blastRadius, categorize, options, report)
    {
    }

    public ChangeSummary Summary => ChangeSummary.Of(Plan);
}
