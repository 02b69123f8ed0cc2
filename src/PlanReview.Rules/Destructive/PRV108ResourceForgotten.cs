using System.Collections.Immutable;
using PlanReview.Core.Analysis;
using PlanReview.Core.Model;

namespace PlanReview.Rules.Destructive;

/// <summary>PRV108: an object stays in the cloud but leaves the tool's management.</summary>
public sealed class PRV108ResourceForgotten : PlanAnalyzer
{
    public static readonly DiagnosticDescriptor Rule = new(
        RuleIds.ResourceForgotten,
        "Resource removed from management",
        "{0} {1}; it keeps existing (and costing) outside the tool's management",
        "Destructive",
        Severity.Warning,
        true,
        "A resource leaves the tool's management while the object stays in place: Terraform forget (a removed block with destroy = false), " +
        "a replacement that only forgets the old object ([\"create\",\"forget\"]), or a delete or replacement whose old object is retained " +
        "(CloudFormation DeletionPolicy/UpdateReplacePolicy Retain, Pulumi retainOnDelete). Nothing is destroyed, but nobody manages the object any more: " +
        "it keeps running and costing, drifts, and may hold data or access that is now invisible.");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Rule];

    public override void Initialize(AnalysisContext context) => context.RegisterResourceChangeAction(c =>
    {
        var change = c.Change;
        if (!change.IsManaged)
        {
            return;
        }

        var what = (change.Action, change.Fate) switch
        {
            (ChangeAction.Forget, _) => "will be removed from management",
            (ChangeAction.Replace, ObjectFate.Forgotten) => "will be replaced and the old object only removed from management",
            (ChangeAction.Replace, ObjectFate.Retained) => "will be replaced and the old object retained",
            (ChangeAction.Delete, ObjectFate.Forgotten) => "will be removed from management",
            (ChangeAction.Delete, ObjectFate.Retained) => "will be removed and its object retained",
            _ => null,
        };
        if (what is not null)
        {
            c.ReportDiagnostic(Diagnostic.Create(Rule, change.Address, change.Address, what));
        }
    }, ChangeAction.Forget, ChangeAction.Delete, ChangeAction.Replace);
}
