using System.Collections.Immutable;
using PlanReview.Core.Analysis;
using PlanReview.Core.Model;

namespace PlanReview.Rules.Destructive;

/// <summary>PRV107: an object is imported and destroyed in the same apply.</summary>
public sealed class PRV107ImportedResourceDestroyed : PlanAnalyzer
{
    public static readonly DiagnosticDescriptor Rule = new(
        RuleIds.ImportedResourceDestroyed,
        "Imported resource destroyed",
        "{0} is imported and {1} in the same plan: the object that already exists outside the tool will be destroyed",
        "Destructive",
        Severity.Error,
        true,
        "A resource is being imported (an import block, or CloudFormation's resource import) and the same plan deletes or replaces it. " +
        "Importing means the object already exists and was built outside this configuration, usually because it matters; " +
        "a replacement on import typically comes from an attribute in the configuration that does not match the real object, " +
        "and applying the plan destroys the real object instead of adopting it.");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Rule];

    public override void Initialize(AnalysisContext context) => context.RegisterResourceChangeAction(c =>
    {
        var change = c.Change;
        if (change.Importing && change.IsManaged && change.Action.IsDestructive())
        {
            c.ReportDiagnostic(Diagnostic.Create(Rule, change.Address, change.Address, DestructiveText.Verb(change.Action)));
        }
    }, ChangeAction.Delete, ChangeAction.Replace);
}
