using System.Collections.Immutable;
using PlanReview.Core.Analysis;
using PlanReview.Core.Model;

namespace PlanReview.Rules.Scope;

/// <summary>PRV301: the plan destroys or replaces more resources than a reviewer can check one by one.</summary>
public sealed class PRV301DestructiveCountOverThreshold : PlanAnalyzer
{
    /// <summary>The largest number of deletes plus replaces that does not fire.</summary>
    public const string MaxDestructiveOption = "max-destructive";

    public const int DefaultMaxDestructive = 10;

    public static readonly DiagnosticDescriptor Rule = new(
        RuleIds.DestructiveCountOverThreshold,
        "Destructive change count over threshold",
        "{0} destroys or replaces {1} ({2} deleted, {3} replaced), more than the limit of {4}",
        "Scope",
        Severity.Warning,
        true,
        "The plan deletes or replaces more managed resources than option max-destructive allows (default 10). Each destroy may be " +
        "fine on its own, but a plan this wide is hard to review line by line and is the typical shape of a mistake: a wrong workspace, " +
        "a renamed module without moved blocks, a count or for_each that collapsed. Deposed objects count one each; objects the tool " +
        "retains (CloudFormation Retain, Pulumi retainOnDelete) or only forgets are not counted. The finding is about the whole plan, " +
        "so it has no resource address.");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Rule];

    public override void Initialize(AnalysisContext context) => context.RegisterPlanAction(c =>
    {
        var limit = c.GetOptions(Rule).GetInt(MaxDestructiveOption, DefaultMaxDestructive);
        var destroyed = c.ChangesOf(ChangeAction.Delete, ChangeAction.Replace).Where(ScopeCounting.Destroys).DistinctBy(ch => ch.Key, StringComparer.Ordinal).ToArray();
        if (destroyed.Length <= limit)
        {
            return;
        }

        var deleted = destroyed.Count(ch => ch.Action == ChangeAction.Delete);
        c.ReportDiagnostic(Diagnostic.Create(
            Rule,
            null,
            c.Plan.Source,
            ScopeCounting.Plural(destroyed.Length, "resource"),
            deleted,
            destroyed.Length - deleted,
            limit));
    });
}
