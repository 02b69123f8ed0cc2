using System.Collections.Immutable;
using PlanReview.Core.Analysis;
using PlanReview.Core.Categories;
using PlanReview.Core.Model;

namespace PlanReview.Rules.Destructive;

/// <summary>PRV102: a database, bucket, volume or key is replaced: the new object starts empty.</summary>
public sealed class PRV102StatefulResourceReplaced : PlanAnalyzer
{
    public static readonly DiagnosticDescriptor Rule = new(
        RuleIds.StatefulResourceReplaced,
        "Stateful resource replaced",
        "{0} ({1}) will be replaced{2}: the new object starts without the old one's data{3}; {4}",
        "Destructive",
        Severity.Error,
        true,
        "A managed resource that holds data or an encryption key is replaced: the tool creates a new object and destroys the old one, " +
        "often because an attribute that cannot change in place was edited. The new object does not carry the old one's data. " +
        "A snapshot taken on replacement still fires (the message says so); a retained old object does not (it is left in place), " +
        "and a replacement that only forgets the old object is PRV108's business.");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Rule];

    public override void Initialize(AnalysisContext context) => context.RegisterResourceChangeAction(c =>
    {
        var change = c.Change;
        if (change.Action != ChangeAction.Replace || !DestructiveText.RemovesObject(change) || !c.Category.IsStateful())
        {
            return;
        }

        var snapshot = change.Fate == ObjectFate.Snapshotted ? " (a snapshot of the old object is taken)" : string.Empty;
        c.ReportDiagnostic(Diagnostic.Create(Rule, change.Address, change.Address, c.Category.ToWireName(), DestructiveText.ForcedBy(change), snapshot, DestructiveText.Dependents(c.BlastRadius, change.Address)));
    }, ChangeAction.Replace);
}
