using System.Collections.Concurrent;
using System.Collections.Immutable;
using PlanReview.Core.Categories;
using PlanReview.Core.Configuration;
using PlanReview.Core.Graph;
using PlanReview.Core.Model;

namespace PlanReview.Core.Analysis;

/// <summary>
/// Runs analyzers over plans, applies the policy (severities, overrides, suppressions) and decides
/// whether a human must approve. Pure: no I/O, the same input always gives the same result.
/// </summary>
public sealed class PlanAnalysisEngine
{
    /// <summary>The default <see cref="ConcurrencyThreshold"/>.</summary>
    public const int DefaultConcurrencyThreshold = 500;

    private readonly ImmutableArray<(PlanAnalyzer Analyzer, AnalysisContext Context)> analyzers;
    private readonly ResourceCategories categories;
    private readonly ImmutableHashSet<string> externalIds;

    /// <param name="analyzers">The rules that run on plans.</param>
    /// <param name="categories">The category table (the built-in one by default).</param>
    /// <param name="externalDescriptors">
    /// Diagnostics reported elsewhere (the GitHub gate's PRV5xx): a policy may configure or suppress them,
    /// so their ids are known here, but a suppression of one is never "unused" in a plan analysis.
    /// </param>
    public PlanAnalysisEngine(IEnumerable<PlanAnalyzer> analyzers, ResourceCategories? categories = null, IEnumerable<DiagnosticDescriptor>? externalDescriptors = null)
    {
        var external = (externalDescriptors ?? []).ToImmutableArray();
        externalIds = external.Select(d => d.Id).ToImmutableHashSet(StringComparer.Ordinal);
        this.analyzers = analyzers.Select(a =>
        {
            var context = new AnalysisContext();
            a.Initialize(context);
            return (a, context);
        }).ToImmutableArray();
        this.categories = categories ?? ResourceCategories.Default;
        Descriptors = this.analyzers.SelectMany(a => a.Analyzer.SupportedDiagnostics)
            .Concat(EngineDiagnostics.All)
            .Concat(external)
            .OrderBy(d => d.Id, StringComparer.Ordinal)
            .ToImmutableArray();
    }

    /// <summary>Every descriptor the engine can report, sorted by id.</summary>
    public ImmutableArray<DiagnosticDescriptor> Descriptors { get; }

    /// <summary>
    /// How many threads may analyse one plan at once (the processor count by default). Analyzers run
    /// concurrently, each one's callbacks on one thread at a time; 1 runs everything on the caller's thread.
    /// The result is the same either way, byte for byte.
    /// </summary>
    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>
    /// Plans with fewer resource changes than this are analysed on the caller's thread alone: starting the
    /// helper threads (a quarter of a millisecond) costs more than they save. Measured on two cores, the
    /// concurrent run is as fast at 300 changes and faster from 600.
    /// </summary>
    public int ConcurrencyThreshold { get; init; } = DefaultConcurrencyThreshold;

    public AnalysisResult Analyze(IReadOnlyList<Plan> plans, Policy policy)
    {
        PolicyLoader.Validate(policy, Descriptors.Select(d => d.Id).ToHashSet(StringComparer.Ordinal));
        var raw = new List<Diagnostic>();
        var analyzed = ImmutableArray.CreateBuilder<AnalyzedPlan>(plans.Count);

        // Rules ask for their options on every change: parse each rule's once per analysis. Analyzers ask from
        // several threads; two parsing the same options at once make equal values, either is kept.
        var options = new ConcurrentDictionary<string, RuleOptions>(StringComparer.Ordinal);
        RuleOptions OptionsFor(string id) =>
            options.GetOrAdd(id, static (id, policy) => new RuleOptions(policy.RuleFor(id).Options), policy);

        // Without category overrides in the policy a category depends on the type alone, and a plan has few types.
        // Analyzers ask for the category of drift changes as they run, from several threads.
        var byType = new ConcurrentDictionary<string, ResourceCategory>(StringComparer.Ordinal);
        ResourceCategory CategoryOf(ResourceChange change) =>
            policy.Categories.IsEmpty ? ClassifyType(change.Type, byType) : Categorize(change, policy, byType);

        var running = analyzers.Where(a => !IsTurnedOff(a.Analyzer, policy)).ToArray();
        foreach (var plan in plans)
        {
            analyzed.Add(AnalyzePlan(plan, running, CategoryOf, OptionsFor, raw));
        }

        var diagnostics = ApplyPolicy(raw, policy, externalIds);
        return new AnalysisResult(analyzed.ToImmutable(), diagnostics, Decide(analyzed, diagnostics, policy), policy);
    }

    /// <summary>
    /// One plan: the blast radius, the categories and each analyzer are work items that run concurrently; each
    /// analyzer reports into a sink of its own, and the sinks are added to <paramref name="raw"/> in analyzer
    /// order, so the raw findings are in the order a run on one thread gives, whatever the timing.
    /// </summary>
    private AnalyzedPlan AnalyzePlan(
        Plan plan,
        (PlanAnalyzer Analyzer, AnalysisContext Context)[] running,
        Func<ResourceChange, ResourceCategory> categoryOf,
        Func<string, RuleOptions> optionsFor,
        List<Diagnostic> raw)
    {
        var addresses = PlanAddresses.Of(plan);
        var workers = plan.Changes.Length >= ConcurrencyThreshold ? Math.Max(1, MaxDegreeOfParallelism) : 1;

        // The blast radius is the first item, as it is the longest and many rules wait for it; then the
        // categories, which nearly every rule reads; then the analyzers, in order.
        const int Shared = 2;
        ConcurrentWork? work = null;
        var blastRadius = new SharedValue<BlastRadius>(() => BlastRadius.Compute(plan, addresses), () => work!.Stalled());
        var categories = new SharedValue<PlanCategories>(() => PlanCategories.Compute(plan, addresses, categoryOf), () => work!.Stalled());
        var state = new PlanAnalysisState(plan, blastRadius, categories, optionsFor);
        var states = new PlanAnalysisState[running.Length];
        work = new ConcurrentWork(
            Shared + running.Length,
            item =>
            {
                switch (item)
                {
                    case 0:
                        blastRadius.Compute();
                        break;
                    case 1:
                        categories.Compute();
                        break;
                    default:
                        var (analyzer, context) = running[item - Shared];
                        var own = states[item - Shared] = state.ForAnalyzer();
                        RunAnalyzer(analyzer, context, own);
                        break;
                }
            },
            maxExtraWorkers: workers > 1 ? running.Length : 0);
        work.Run(helpers: workers - 1);

        foreach (var own in states)
        {
            raw.AddRange(own.Reported);
        }

        return new AnalyzedPlan(plan, blastRadius.Value, categories.Value);
    }

    /// <summary>One analyzer on one plan, on the calling thread: its resource callbacks, then its plan callbacks.</summary>
    private static void RunAnalyzer(PlanAnalyzer analyzer, AnalysisContext context, PlanAnalysisState state)
    {
        RunResourceActions(analyzer, context.ResourceActions, state);
        foreach (var action in context.PlanActions)
        {
            try
            {
                action(new PlanAnalysisContext(state));
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                state.ReportFailure(Failed(analyzer, state.Plan.Source, state.Plan, ex));
            }
        }
    }

    /// <summary>
    /// One analyzer's resource callbacks over the changes they want, in plan order and, for one change, in
    /// registration order: the order of the raw findings is the one a run over every change would give.
    /// </summary>
    private static void RunResourceActions(
        PlanAnalyzer analyzer,
        IReadOnlyList<ResourceChangeRegistration> registrations,
        PlanAnalysisState state)
    {
        if (registrations.Count == 0)
        {
            return;
        }

        var wanted = registrations[0].Actions;
        for (var r = 1; r < registrations.Count; r++)
        {
            wanted = wanted.Union(registrations[r].Actions);
        }

        var changes = state.Plan.Changes;
        foreach (var index in state.Selections.Of(wanted))
        {
            var change = changes[index];
            ResourceChangeAnalysisContext? context = null;
            for (var r = 0; r < registrations.Count; r++)
            {
                var registration = registrations[r];
                if (!registration.Actions.Contains(change.Action))
                {
                    continue;
                }

                context ??= new ResourceChangeAnalysisContext(state, change, index);
                try
                {
                    registration.Action(context);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    state.ReportFailure(Failed(analyzer, change.Address, state.Plan, ex));
                }
            }
        }
    }

    /// <summary>True when the policy sets every id the analyzer reports to <c>none</c> (per-address overrides cannot turn it back on).</summary>
    private static bool IsTurnedOff(PlanAnalyzer analyzer, Policy policy) =>
        analyzer.SupportedDiagnostics.All(d =>
            policy.RuleFor(d.Id).Severity == Severity.None &&
            !policy.Overrides.Any(o => o.Rules.TryGetValue(d.Id, out var s) && s != Severity.None));

    private ResourceCategory Categorize(ResourceChange change, Policy policy, ConcurrentDictionary<string, ResourceCategory> byType)
    {
        // Later entries of the policy win, as with overrides.
        for (var i = policy.Categories.Length - 1; i >= 0; i--)
        {
            var entry = policy.Categories[i];
            if (Glob.IsMatch(entry.Match, change.Type) || Glob.IsMatch(entry.Match, change.Address))
            {
                return entry.Category;
            }
        }

        return ClassifyType(change.Type, byType);
    }

    private ResourceCategory ClassifyType(string type, ConcurrentDictionary<string, ResourceCategory> byType) =>
        byType.GetOrAdd(type, static (type, table) => table.Classify(type), categories);

    /// <summary>PRV900: the analyzer threw on <paramref name="target"/>; the gate fails closed.</summary>
    private static Diagnostic Failed(PlanAnalyzer analyzer, string target, Plan plan, Exception ex)
    {
        var ids = string.Join(", ", analyzer.SupportedDiagnostics.Select(d => d.Id));
        return Diagnostic.Create(EngineDiagnostics.AnalyzerFailed, null, ids, target, ex.GetType().Name) with { PlanSource = plan.Source };
    }

    private static ImmutableArray<Diagnostic> ApplyPolicy(List<Diagnostic> raw, Policy policy, ImmutableHashSet<string> externalIds)
    {
        var used = new HashSet<SuppressionEntry>();
        var result = new List<Diagnostic>(raw.Count + policy.Suppressions.Length);
        foreach (var diagnostic in raw)
        {
            var severity = EffectiveSeverity(diagnostic, policy);
            if (severity == Severity.None)
            {
                continue;
            }

            var suppression = diagnostic.Descriptor.Id == RuleIds.AnalyzerFailed
                ? null
                : policy.Suppressions.FirstOrDefault(s => s.IsJustified && Matches(s, diagnostic));
            if (suppression is not null)
            {
                used.Add(suppression);
            }

            result.Add(diagnostic with
            {
                Severity = severity,
                Suppression = suppression is null ? null : new AppliedSuppression(suppression.Justification!, $"{policy.Source}:{suppression.Line}"),
            });
        }

        foreach (var suppression in policy.Suppressions)
        {
            if (!suppression.IsJustified)
            {
                result.Add(Diagnostic.Create(EngineDiagnostics.UnjustifiedSuppression, null, suppression.Describe(), policy.Source) with { PlanSource = policy.Source });
            }
            else if (!used.Contains(suppression) && !externalIds.Contains(suppression.Rule))
            {
                result.Add(Diagnostic.Create(EngineDiagnostics.UnusedSuppression, null, suppression.Describe(), policy.Source) with { PlanSource = policy.Source });
            }
        }

        return DiagnosticOrder.Sort(result
            .Select(d => d.Descriptor.Id is RuleIds.UnjustifiedSuppression or RuleIds.UnusedSuppression ? d with { Severity = EffectiveSeverity(d, policy) } : d)
            .Where(d => d.Severity != Severity.None));
    }

    private static bool Matches(SuppressionEntry suppression, Diagnostic diagnostic) =>
        (suppression.Rule == "*" || string.Equals(suppression.Rule, diagnostic.Id, StringComparison.Ordinal)) &&
        (suppression.Address == "*" || (diagnostic.Address is not null && Glob.IsMatch(suppression.Address, diagnostic.Address)));

    private static Severity EffectiveSeverity(Diagnostic diagnostic, Policy policy)
    {
        var descriptor = diagnostic.Descriptor;
        var severity = descriptor.IsEnabledByDefault ? diagnostic.Severity : Severity.None;
        if (policy.RuleFor(descriptor.Id).Severity is { } configured)
        {
            severity = configured;
        }

        if (diagnostic.Address is not null)
        {
            foreach (var entry in policy.Overrides)
            {
                if (entry.Rules.TryGetValue(descriptor.Id, out var overridden) && Glob.IsMatch(entry.Match, diagnostic.Address))
                {
                    severity = overridden;
                }
            }
        }

        // The engine's own failure can never be turned down: the gate fails closed.
        return descriptor.Id == RuleIds.AnalyzerFailed ? Severity.Error : severity;
    }

    private static Decision Decide(IReadOnlyList<AnalyzedPlan> plans, ImmutableArray<Diagnostic> diagnostics, Policy policy) =>
        Decision.Make(plans.Sum(p => p.BlastRadius.Destroyed.Length), plans.Sum(p => p.BlastRadius.Replaced.Length), diagnostics, policy);
}
