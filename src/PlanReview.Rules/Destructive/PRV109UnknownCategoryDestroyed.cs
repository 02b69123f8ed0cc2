using System.Collections.Immutable;
using PlanReview.Core.Analysis;
using PlanReview.Core.Categories;
using PlanReview.Core.Model;

namespace PlanReview.Rules.Destructive;

/// <summary>PRV109: something is destroyed that PlanReview cannot classify, so it cannot say it is harmless.</summary>
public sealed class PRV109UnknownCategoryDestroyed : PlanAnalyzer
{
    public static readonly DiagnosticDescriptor Rule = new(
        RuleIds.UnknownCategoryDestroyed,
        "Resource of unknown category destroyed or replaced",
        "{0} will be {1}, and its type {2} is not in the category table, so what is lost cannot be judged; {3}",
        "Destructive",
        Severity.Warning,
        true,
        "A managed resource is destroyed or replaced and its type is neither in the built-in category table nor in the policy's categories. " +
        "PlanReview cannot tell whether it holds data, contains other resources or is a harmless helper, so every such destroy is at least a warning. " +
        "Classify the type in the policy file (categories: - match: TYPE, category: …) to get the precise rules instead.");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Rule];

    public override void Initialize(AnalysisContext context) => context.RegisterResourceChangeAction(c =>
    {
        var change = c.Change;
        if (DestructiveText.RemovesObject(change) && c.Category == ResourceCategory.Unknown)
        {
            c.ReportDiagnostic(Diagnostic.Create(Rule, change.Address, change.Address, DestructiveText.Verb(change.Action), change.Type, DestructiveText.Dependents(c.BlastRadius, change.Address)));
        }
    }, ChangeAction.Delete, ChangeAction.Replace);
}
