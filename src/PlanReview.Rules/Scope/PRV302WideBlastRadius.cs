using System.Collections.Immutable;
using PlanReview.Core.Analysis;
using PlanReview.Core.Model;

namespace PlanReview.Rules.Scope;

/// <summary>PRV302: many resources depend, directly or not, on one that is destroyed or replaced.</summary>
public sealed class PRV302WideBlastRadius : PlanAnalyzer
{
    /// <summary>The largest number of transitive dependents that does not fire.</summary>
    public const string MaxDependentsOption = "max-dependents";

    public const int DefaultMaxDependents = 5;

    /// <summary>How many dependents the message names; the rest are only counted.</summary>
    private const int NamedDependents = 3;

    public static readonly DiagnosticDescriptor Rule = new(
        RuleIds.WideBlastRadius,
        "Wide blast radius",
        "{0} will be {1}; {2} depend on it, directly or through others (nearest: {3})",
        "Scope",
        Severity.Warning,
        true,
        "A managed resource that is deleted or replaced has more transitive dependents than option max-dependents allows (default 5), " +
        "according to the plan's own dependency data (Terraform prior_state depends_on and configuration references, CloudFormation " +
        "references, Pulumi dependencies and parents). Each dependent may be recreated, updated with a new identifier, or break at apply " +
        "time; the wider the fan-out, the likelier an outage. The message names the nearest dependents (fewest hops, then address order).");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Rule];

    public override void Initialize(AnalysisContext context) => context.RegisterPlanAction(c =>
    {
        var limit = c.GetOptions(Rule).GetInt(MaxDependentsOption, DefaultMaxDependents);
        var roots = c.ChangesOf(ChangeAction.Delete, ChangeAction.Replace).Where(ScopeCounting.Destroys)
            .GroupBy(ch => ch.Address, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal);
        foreach (var root in roots)
        {
            var dependents = c.BlastRadius.DependentsOf(root.Key);
            if (dependents.Length <= limit)
            {
                continue;
            }

            var nearest = dependents.OrderBy(d => d.Depth).ThenBy(d => d.Address, StringComparer.Ordinal).Take(NamedDependents).Select(d => d.Address);
            var more = dependents.Length > NamedDependents ? ", …" : string.Empty;

            // A replaced current object and a deleted deposed one share an address: the replacement is what dependents feel.
            var verb = root.Any(ch => ch.Action == ChangeAction.Replace) ? "replaced" : "destroyed";
            var change = root.First();
            c.ReportDiagnostic(Diagnostic.Create(Rule, root.Key, root.Key, verb, ScopeCounting.Plural(dependents.Length, "resource"), string.Join(", ", nearest) + more) with
            {
                ResourceType = change.Type,
            });
        }
    });
}
