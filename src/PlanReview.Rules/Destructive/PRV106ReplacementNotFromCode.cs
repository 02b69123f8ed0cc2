using System.Collections.Immutable;
using PlanReview.Core.Analysis;
using PlanReview.Core.Model;

namespace PlanReview.Rules.Destructive;

/// <summary>PRV106: a replacement that no line of the pull request asked for (tainted object, <c>-replace</c>).</summary>
public sealed class PRV106ReplacementNotFromCode : PlanAnalyzer
{
    public static readonly DiagnosticDescriptor Rule = new(
        RuleIds.ReplacementNotFromCode,
        "Replacement not explained by the code change",
        "{0} will be replaced {1}, not because of a configuration change; {2}",
        "Destructive",
        Severity.Warning,
        true,
        "A managed resource is replaced because its object is tainted in the state (a create or provisioner failed earlier, or someone ran terraform taint) " +
        "or because the plan was made with -replace. Neither shows up in the diff of the pull request, so a reviewer reading the code sees no reason for it. " +
        "Replacements forced by a changed attribute or by replace_triggered_by come from the code and are not reported by this rule.");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Rule];

    public override void Initialize(AnalysisContext context) => context.RegisterResourceChangeAction(c =>
    {
        var change = c.Change;
        if (!change.IsManaged || change.Action != ChangeAction.Replace)
        {
            return;
        }

        var why = change.Reason switch
        {
            "replace_because_tainted" => "because its object is tainted (an earlier apply failed, or it was tainted by hand)",
            "replace_by_request" => "because the plan was run with -replace",
            _ => null,
        };
        if (why is not null)
        {
            c.ReportDiagnostic(Diagnostic.Create(Rule, change.Address, change.Address, why, DestructiveText.Dependents(c.BlastRadius, change.Address)));
        }
    }, ChangeAction.Replace);
}
