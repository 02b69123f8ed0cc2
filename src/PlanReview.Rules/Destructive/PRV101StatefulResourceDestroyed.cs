using System.Collections.Immutable;
using PlanReview.Core.Analysis;
using PlanReview.Core.Categories;
using PlanReview.Core.Model;

namespace PlanReview.Rules.Destructive;

/// <summary>PRV101: a database, bucket, volume or key is deleted, and its data with it.</summary>
public sealed class PRV101StatefulResourceDestroyed : PlanAnalyzer
{
    public static readonly DiagnosticDescriptor Rule = new(
        RuleIds.StatefulResourceDestroyed,
        "Stateful resource destroyed",
        "{0} ({1}) will be destroyed{2}; {3}",
        "Destructive",
        Severity.Error,
        true,
        "A managed resource that holds data (a database, bucket, volume, queue, file system) or an encryption key is deleted. " +
        "Its content cannot be recreated by the tool: once the apply runs, the data, or everything encrypted with the key, is gone. " +
        "A snapshot taken on deletion does not make the change safe (the live data is gone and restoring is a separate operation), " +
        "so the rule still fires and says so; an object the tool retains (CloudFormation Retain, Pulumi retainOnDelete) is not destroyed and is reported by PRV108 instead.");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Rule];

    public override void Initialize(AnalysisContext context) => context.RegisterResourceChangeAction(c =>
    {
        var change = c.Change;
        if (change.Action != ChangeAction.Delete || !DestructiveText.RemovesObject(change) || !c.Category.IsStateful())
        {
            return;
        }

        var snapshot = change.Fate == ObjectFate.Snapshotted ? " after a snapshot is taken (the live data is still lost)" : string.Empty;
        c.ReportDiagnostic(Diagnostic.Create(Rule, change.Address, change.Address, c.Category.ToWireName(), snapshot, DestructiveText.Dependents(c.BlastRadius, change.Address)));
    }, ChangeAction.Delete);
}
