using System.Collections.Immutable;
using PlanReview.Core.Analysis;
using PlanReview.Core.Categories;
using PlanReview.Core.Model;

namespace PlanReview.Rules.Destructive;

/// <summary>PRV104: a resource group, project or namespace goes, with everything inside it.</summary>
public sealed class PRV104ContainerDestroyed : PlanAnalyzer
{
    public static readonly DiagnosticDescriptor Rule = new(
        RuleIds.ContainerDestroyed,
        "Container resource destroyed or replaced",
        "{0} (container) will be {1}: the cloud deletes everything inside it, including resources this plan does not list; {2}",
        "Destructive",
        Severity.Error,
        true,
        "A managed resource that contains other resources (an Azure resource group, a Google project or folder, a Kubernetes namespace, a nested stack) is destroyed or replaced. " +
        "The cloud deletes its children with it, also those created by hand, by other tools or by other workspaces: the plan shows one deletion, the apply performs many. " +
        "A retained or forgotten container is left in place and not reported.");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Rule];

    public override void Initialize(AnalysisContext context) => context.RegisterResourceChangeAction(c =>
    {
        var change = c.Change;
        if (!DestructiveText.RemovesObject(change) || c.Category != ResourceCategory.Container)
        {
            return;
        }

        c.ReportDiagnostic(Diagnostic.Create(Rule, change.Address, change.Address, DestructiveText.Verb(change.Action), DestructiveText.Dependents(c.BlastRadius, change.Address)));
    }, ChangeAction.Delete, ChangeAction.Replace);
}
