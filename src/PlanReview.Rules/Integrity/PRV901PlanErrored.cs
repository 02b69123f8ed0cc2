using System.Collections.Immutable;
using PlanReview.Core.Analysis;

namespace PlanReview.Rules.Integrity;

/// <summary>PRV901: the tool itself says planning failed; the changes listed are not the whole story.</summary>
public sealed class PRV901PlanErrored : PlanAnalyzer
{
    public static readonly DiagnosticDescriptor Rule = new(
        RuleIds.PlanErrored,
        "Plan errored",
        "{0}: planning failed, so the changes listed are only those planned before the error; the plan cannot be applied as reviewed",
        "Integrity",
        Severity.Error,
        true,
        "The plan document says planning failed (Terraform errored: true, a failed CloudFormation change set, a Pulumi preview with errors). " +
        "The resource changes it lists stop where the error happened, so an empty or harmless-looking plan proves nothing. " +
        "The gate fails closed: a human must look, and the plan must be fixed and made again.");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Rule];

    public override void Initialize(AnalysisContext context) => context.RegisterPlanAction(c =>
    {
        if (c.Plan.Errored)
        {
            c.ReportDiagnostic(Diagnostic.Create(Rule, null, c.Plan.Source));
        }
    });
}
