using System.Collections.Immutable;
using PlanReview.Core.Analysis;
using PlanReview.Core.Model;

namespace PlanReview.Rules.Destructive;

/// <summary>PRV111: a resource marked protected is deleted or replaced.</summary>
public sealed class PRV111ProtectedResourceDeleted : PlanAnalyzer
{
    public static readonly DiagnosticDescriptor Rule = new(
        RuleIds.ProtectedResourceDeleted,
        "Protected resource deleted",
        "{0} is protected, yet the plan has it {1}: the apply fails unless its protection is removed first",
        "Destructive",
        Severity.Error,
        true,
        "The plan deletes or replaces a resource the tool marks as protected (Pulumi protect). As planned, the apply fails; " +
        "the plan shows somebody, or an agent, trying to remove something the owners deliberately guarded. " +
        "Removing the protection and deleting in one go is exactly the change a human must look at.");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Rule];

    public override void Initialize(AnalysisContext context) => context.RegisterResourceChangeAction(c =>
    {
        var change = c.Change;
        if (change.Protected && change.IsManaged && change.Action.IsDestructive())
        {
            c.ReportDiagnostic(Diagnostic.Create(Rule, change.Address, change.Address, DestructiveText.Verb(change.Action)));
        }
    }, ChangeAction.Delete, ChangeAction.Replace);
}
