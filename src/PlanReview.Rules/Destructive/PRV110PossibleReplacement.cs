using System.Collections.Immutable;
using PlanReview.Core.Analysis;
using PlanReview.Core.Categories;
using PlanReview.Core.Model;

namespace PlanReview.Rules.Destructive;

/// <summary>PRV110: the tool will only know at apply time whether this update replaces the object.</summary>
public sealed class PRV110PossibleReplacement : PlanAnalyzer
{
    public static readonly DiagnosticDescriptor Rule = new(
        RuleIds.PossibleReplacement,
        "Possible replacement",
        "{0} ({1}) may be replaced: whether the update replaces the object is decided only at apply time; {2}",
        "Destructive",
        Severity.Warning,
        true,
        "The tool cannot tell at plan time whether this update is done in place or by replacing the object (CloudFormation Replacement: Conditional, " +
        "typically because a property's new value comes from another resource). Review it as if it were a replacement: " +
        "the destroy-and-replace rules cannot see it, and the counts of the plan do not include it.");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Rule];

    // Only an update may replace (CloudFormation Modify + Conditional); a certain replacement is the other rules' business.
    public override void Initialize(AnalysisContext context) => context.RegisterResourceChangeAction(c =>
    {
        var change = c.Change;
        if (change.IsManaged && change.MayReplace)
        {
            c.ReportDiagnostic(Diagnostic.Create(Rule, change.Address, change.Address, c.Category.ToWireName(), DestructiveText.Dependents(c.BlastRadius, change.Address)));
        }
    }, ChangeAction.Update);
}
