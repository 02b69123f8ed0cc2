using System.Collections.Immutable;
using PlanReview.Core.Analysis;
using PlanReview.Core.Categories;
using PlanReview.Core.Model;

namespace PlanReview.Rules.Destructive;

/// <summary>PRV103: a replacement that deletes first leaves a window with no object at all.</summary>
public sealed class PRV103DestroyBeforeCreateReplacement : PlanAnalyzer
{
    /// <summary>The option naming categories the rule ignores (comma-separated category names).</summary>
    public const string IgnoreCategoriesOption = "ignore-categories";

    /// <summary>By default every category is reported: even a helper can be what something else waits on.</summary>
    public const string DefaultIgnoredCategories = "";

    public static readonly DiagnosticDescriptor Rule = new(
        RuleIds.DestroyBeforeCreateReplacement,
        "Destroy-before-create replacement",
        "{0} ({1}) will be destroyed before its replacement is created{2}: it does not exist in between; {3}",
        "Destructive",
        Severity.Warning,
        true,
        "A managed resource is replaced delete-first (Terraform's default order, [\"delete\",\"create\"]): between the two steps the resource does not exist, " +
        "and if the create fails the resource stays gone. Whatever uses it sees an outage. " +
        "Replacements of the categories named by the ignore-categories option (none by default; for example other, the helpers that nothing waits on) are not reported.");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Rule];

    public override void Initialize(AnalysisContext context) => context.RegisterResourceChangeAction(c =>
    {
        var change = c.Change;
        if (change.Action != ChangeAction.Replace || change.ReplaceOrder != ReplaceOrder.DeleteFirst || !DestructiveText.RemovesObject(change))
        {
            return;
        }

        var category = c.Category;
        var ignored = (c.GetOptions(Rule).GetString(IgnoreCategoriesOption) ?? DefaultIgnoredCategories)
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (ignored.Any(name => string.Equals(name, category.ToWireName(), StringComparison.OrdinalIgnoreCase)))
        {
            return;
        }

        c.ReportDiagnostic(Diagnostic.Create(Rule, change.Address, change.Address, category.ToWireName(), DestructiveText.ForcedBy(change), DestructiveText.Dependents(c.BlastRadius, change.Address)));
    }, ChangeAction.Replace);
}
