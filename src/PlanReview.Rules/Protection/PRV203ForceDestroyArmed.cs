using System.Collections.Immutable;
using PlanReview.Core.Analysis;
using PlanReview.Core.Model;

namespace PlanReview.Rules.Protection;

/// <summary>PRV203: a destroy of this resource would now also delete everything inside it.</summary>
public sealed class PRV203ForceDestroyArmed : PlanAnalyzer
{
    /// <summary>When true, a new resource created with force-destroy on is reported at info severity.</summary>
    public const string ReportCreatesOption = "report-creates";

    /// <summary>The smallest acceptable recovery window of a secret, in days (0 deletes it at once).</summary>
    public const string MinRecoveryDaysOption = "min-recovery-days";

    public static readonly DiagnosticDescriptor Rule = new(
        RuleIds.ForceDestroyArmed,
        "Force-destroy armed",
        "{0} arms force-destroy: {1}; destroying it will also delete everything it contains",
        "Protection",
        Severity.Error,
        true,
        "An update or replacement turns on the switch that lets the tool delete a non-empty container together with its content: " +
        "force_destroy on an S3 or Cloud Storage bucket, a Route 53 or Cloud DNS zone or an IAM user, force_delete on an ECR repository, " +
        "delete_contents_on_destroy on a BigQuery dataset, a Google project's deletion_policy becoming DELETE, or a Secrets Manager " +
        "recovery window lowered to 0 (below option min-recovery-days). Terraform reads these switches from the state when it destroys, " +
        "so they must be applied before a destroy can empty anything: arming one is the preparation of a destroy, and the right time to ask why. " +
        "A new resource created with the switch on holds nothing yet and is not reported unless option report-creates is true (then at info severity).");

    /// <summary>Which attribute arms force-destroy on which resource type, per tool. CloudFormation has no such switch.</summary>
    internal static readonly ImmutableArray<WatchedAttribute> Attributes =
    [
        new(PlanFormat.Terraform, "*", "force_destroy", TurnedOn.Instance),
        new(PlanFormat.Terraform, "*", "force_delete", TurnedOn.Instance),
        new(PlanFormat.Terraform, "google_bigquery_dataset", "delete_contents_on_destroy", TurnedOn.Instance),
        new(PlanFormat.Terraform, "google_project", "deletion_policy", new LeavesValue(["PREVENT", "ABANDON"], ["PREVENT", "ABANDON"], "PREVENT") { Outcomes = ["DELETE"] }),
        new(PlanFormat.Terraform, "google_project", "skip_delete", TurnedOff.Instance),
        new(PlanFormat.Terraform, "aws_secretsmanager_secret", "recovery_window_in_days", new LoweredBelow(MinRecoveryDaysOption, 1)),

        new(PlanFormat.Pulumi, "*", "forceDestroy", TurnedOn.Instance),
        new(PlanFormat.Pulumi, "*", "forceDelete", TurnedOn.Instance),
        new(PlanFormat.Pulumi, "gcp:bigquery/dataset:Dataset", "deleteContentsOnDestroy", TurnedOn.Instance),
        new(PlanFormat.Pulumi, "gcp:organizations/project:Project", "deletionPolicy", new LeavesValue(["PREVENT", "ABANDON"], ["PREVENT", "ABANDON"], "PREVENT") { Outcomes = ["DELETE"] }),
        new(PlanFormat.Pulumi, "aws:secretsmanager/secret:Secret", "recoveryWindowInDays", new LoweredBelow(MinRecoveryDaysOption, 1)),
    ];

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Rule];

    public override void Initialize(AnalysisContext context) => context.RegisterResourceChangeAction(c =>
    {
        var change = c.Change;
        var options = c.GetOptions(Rule);
        var create = change.Action == ChangeAction.Create;
        if (!change.IsManaged || !(change.Action is ChangeAction.Update or ChangeAction.Replace || (create && options.GetBool(ReportCreatesOption, false))))
        {
            return;
        }

        var phrases = WatchedAttributes.Check(Attributes, c.Plan.Format, change, options);
        if (phrases.IsEmpty)
        {
            return;
        }

        var diagnostic = Diagnostic.Create(Rule, change.Address, change.Address, WatchedAttributes.Join(phrases));

        // A new, empty resource loses nothing yet: worth knowing, not worth blocking a merge.
        c.ReportDiagnostic(create ? diagnostic with { Severity = Severity.Info } : diagnostic);
    }, ChangeAction.Create, ChangeAction.Update, ChangeAction.Replace);
}
