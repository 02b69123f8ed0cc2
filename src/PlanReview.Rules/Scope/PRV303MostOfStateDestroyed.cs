using System.Collections.Immutable;
using System.Globalization;
using PlanReview.Core.Analysis;
using PlanReview.Core.Model;

namespace PlanReview.Rules.Scope;

/// <summary>PRV303: the plan takes down most of what the state holds ("the agent deleted the whole environment").</summary>
public sealed class PRV303MostOfStateDestroyed : PlanAnalyzer
{
    /// <summary>The share of the state (0 to 1) that may be destroyed or replaced without firing.</summary>
    public const string RatioOption = "ratio";

    /// <summary>The smallest state, in managed resources, the rule looks at (tiny stacks are often rebuilt on purpose).</summary>
    public const string MinResourcesOption = "min-resources";

    public const double DefaultRatio = 0.5;

    public const int DefaultMinResources = 3;

    public static readonly DiagnosticDescriptor Rule = new(
        RuleIds.MostOfStateDestroyed,
        "Most of the state destroyed",
        "{0} destroys or replaces {1} of the {2} managed resources that exist ({3}%), more than the limit of {4}%",
        "Scope",
        Severity.Error,
        true,
        "The plan deletes or replaces more than option ratio (default 0.5) of the managed resources that exist before it, in a state " +
        "of at least option min-resources resources (default 3). Replacements count because the old objects and their data are gone " +
        "either way. The size of the state is the tool's own count when the input gives it (Terraform prior_state) and otherwise the " +
        "managed resources the plan lists that are not being created (not for CloudFormation, whose change sets list only what changes: " +
        "there the rule needs the count from the input and is otherwise silent). This is the signal of a run against the wrong workspace or stack, " +
        "an emptied variable file, or an automated agent tearing an environment down: almost never what a routine change looks like.");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Rule];

    public override void Initialize(AnalysisContext context) => context.RegisterPlanAction(c =>
    {
        var options = c.GetOptions(Rule);
        var ratio = options.GetDouble(RatioOption, DefaultRatio);
        var minimum = options.GetInt(MinResourcesOption, DefaultMinResources);
        var changes = c.Plan.Changes;

        // A change set lists only the resources that change, so without the stack's own count the share would
        // always look like 100%: stay silent rather than block every CloudFormation removal.
        if (c.Plan.PriorResourceCount is null && c.Plan.Format == PlanFormat.CloudFormation)
        {
            return;
        }

        var existing = c.Plan.PriorResourceCount ?? changes
            .Where(ch => ch.IsManaged && ch.Action is not (ChangeAction.Create or ChangeAction.Read))
            .Select(ch => ch.Address).Distinct(StringComparer.Ordinal).Count();
        var destroyed = c.ChangesOf(ChangeAction.Delete, ChangeAction.Replace).Where(ScopeCounting.Destroys).Select(ch => ch.Address).Distinct(StringComparer.Ordinal).Count();
        if (existing < minimum || destroyed == 0)
        {
            return;
        }

        // Counts from different sources can disagree (a prior state that misses a deposed object): never above 100%.
        var share = Math.Min(1.0, (double)destroyed / existing);
        if (share <= ratio)
        {
            return;
        }

        c.ReportDiagnostic(Diagnostic.Create(
            Rule,
            null,
            c.Plan.Source,
            destroyed,
            Math.Max(existing, destroyed),
            Percent(share),
            Percent(ratio)));
    });

    private static string Percent(double share) => Math.Round(share * 100, MidpointRounding.AwayFromZero).ToString(CultureInfo.InvariantCulture);
}
