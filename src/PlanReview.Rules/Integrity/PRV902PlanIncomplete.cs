using System.Collections.Immutable;
using PlanReview.Core.Analysis;

namespace PlanReview.Rules.Integrity;

/// <summary>PRV902: the plan says it is partial (-target, deferred changes): more will happen than it shows.</summary>
public sealed class PRV902PlanIncomplete : PlanAnalyzer
{
    public static readonly DiagnosticDescriptor Rule = new(
        RuleIds.PlanIncomplete,
        "Plan incomplete",
        "{0}: the plan is incomplete (made with -target, or with changes deferred to a later round); what it shows is not all that will happen",
        "Integrity",
        Severity.Error,
        true,
        "The plan document says it is not complete (Terraform complete: false): it was made with -target, or some changes were deferred because " +
        "their configuration is not known yet. Applying it leaves other changes for a later plan, which this review never sees, " +
        "and a targeted apply can leave the state inconsistent with the configuration. A plan that does not say whether it is complete " +
        "(OpenTofu, Terraform before 1.8) is not reported.");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Rule];

    public override void Initialize(AnalysisContext context) => context.RegisterPlanAction(c =>
    {
        if (c.Plan.Complete == false)
        {
            c.ReportDiagnostic(Diagnostic.Create(Rule, null, c.Plan.Source));
        }
    });
}
