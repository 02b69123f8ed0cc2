using System.Collections.Immutable;
using PlanReview.Core.Analysis;
using PlanReview.Core.Model;

namespace PlanReview.Rules.Protection;

/// <summary>PRV202: the backups, snapshots or versions that would let you undo a loss are turned down.</summary>
public sealed class PRV202BackupWeakened : PlanAnalyzer
{
    /// <summary>The option that sets the smallest acceptable retention, in days.</summary>
    public const string MinRetentionDaysOption = "min-retention-days";

    public static readonly DiagnosticDescriptor Rule = new(
        RuleIds.BackupWeakened,
        "Backup or final-snapshot safety weakened",
        "{0} weakens its backups: {1}",
        "Protection",
        Severity.Error,
        true,
        "An update or replacement reduces what could be restored after a loss: skip_final_snapshot turned on, automated backups deleted " +
        "with the instance, a backup or snapshot retention period lowered below the configured minimum (option min-retention-days, " +
        "default 1, so lowering it to 0 turns backups off), point-in-time recovery or object versioning turned off or suspended, " +
        "an Azure web app's backup block or a storage account's blob delete-retention policy removed, a Cloud SQL backup configuration " +
        "disabled, or a CloudFormation DeletionPolicy or UpdateReplacePolicy going from Snapshot to Delete. On its own the change " +
        "destroys nothing, which is why it slips through review; the next delete then loses data for good.");

    /// <summary>Which attribute guards the backups of which resource type, per tool. The first row matching a path wins.</summary>
    internal static readonly ImmutableArray<WatchedAttribute> Attributes =
    [
        // Terraform (aws, google, azurerm).
        new(PlanFormat.Terraform, "*", "skip_final_snapshot", TurnedOn.Instance),
        new(PlanFormat.Terraform, "*", "delete_automated_backups", TurnedOn.Instance),
        new(PlanFormat.Terraform, "*", "backup_retention_period", new LoweredBelow(MinRetentionDaysOption, 1)),
        new(PlanFormat.Terraform, "*", "automated_snapshot_retention_period", new LoweredBelow(MinRetentionDaysOption, 1)),
        new(PlanFormat.Terraform, "*", "snapshot_retention_limit", new LoweredBelow(MinRetentionDaysOption, 1)),
        new(PlanFormat.Terraform, "azurerm_*", "backup_retention_days", new LoweredBelow(MinRetentionDaysOption, 1)),
        new(PlanFormat.Terraform, "aws_dynamodb_table", "point_in_time_recovery.*.enabled", TurnedOff.Instance),
        new(PlanFormat.Terraform, "aws_s3_bucket_versioning", "versioning_configuration.*.status", new LeavesValue(["Enabled"], ["Enabled"]) { Outcomes = ["Suspended", "Disabled"] }) { AlsoOnDelete = true },
        new(PlanFormat.Terraform, "aws_s3_bucket", "versioning.*.enabled", TurnedOff.Instance),
        new(PlanFormat.Terraform, "google_storage_bucket", "versioning.*.enabled", TurnedOff.Instance),
        new(PlanFormat.Terraform, "google_sql_database_instance", "settings.*.backup_configuration.*.enabled", TurnedOff.Instance),
        new(PlanFormat.Terraform, "google_sql_database_instance", "settings.*.backup_configuration.*.point_in_time_recovery_enabled", TurnedOff.Instance),
        new(PlanFormat.Terraform, "azurerm_storage_account", "blob_properties.*.versioning_enabled", TurnedOff.Instance),
        new(PlanFormat.Terraform, "azurerm_storage_account", "blob_properties.*.delete_retention_policy", Removed.Instance),
        new(PlanFormat.Terraform, "azurerm_*web_app", "backup", Removed.Instance),
        new(PlanFormat.Terraform, "azurerm_app_service", "backup", Removed.Instance),
        new(PlanFormat.Terraform, "azurerm_mssql_database", "long_term_retention_policy", Removed.Instance),

        // CloudFormation. Without a DeletionPolicy, RDS clusters and instances are snapshotted; everything else is deleted.
        new(PlanFormat.CloudFormation, "AWS::RDS::DBCluster", "DeletionPolicy", SnapshotLeft("Snapshot")),
        new(PlanFormat.CloudFormation, "AWS::RDS::DBInstance", "DeletionPolicy", SnapshotLeft("Snapshot")),
        new(PlanFormat.CloudFormation, "*", "DeletionPolicy", SnapshotLeft("Delete")),
        new(PlanFormat.CloudFormation, "*", "UpdateReplacePolicy", SnapshotLeft("Delete")),
        new(PlanFormat.CloudFormation, "*", "Properties.BackupRetentionPeriod", new LoweredBelow(MinRetentionDaysOption, 1)),
        new(PlanFormat.CloudFormation, "*", "Properties.AutomatedSnapshotRetentionPeriod", new LoweredBelow(MinRetentionDaysOption, 1)),
        new(PlanFormat.CloudFormation, "*", "Properties.SnapshotRetentionLimit", new LoweredBelow(MinRetentionDaysOption, 1)),
        new(PlanFormat.CloudFormation, "*", "Properties.DeleteAutomatedBackups", TurnedOn.Instance),
        new(PlanFormat.CloudFormation, "AWS::DynamoDB::Table", "Properties.PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled", TurnedOff.Instance),
        new(PlanFormat.CloudFormation, "AWS::S3::Bucket", "Properties.VersioningConfiguration.Status", new LeavesValue(["Enabled"], ["Enabled"]) { Outcomes = ["Suspended"] }),

        // Pulumi (camelCase input names).
        new(PlanFormat.Pulumi, "*", "skipFinalSnapshot", TurnedOn.Instance),
        new(PlanFormat.Pulumi, "*", "deleteAutomatedBackups", TurnedOn.Instance),
        new(PlanFormat.Pulumi, "*", "backupRetentionPeriod", new LoweredBelow(MinRetentionDaysOption, 1)),
        new(PlanFormat.Pulumi, "*", "automatedSnapshotRetentionPeriod", new LoweredBelow(MinRetentionDaysOption, 1)),
        new(PlanFormat.Pulumi, "*", "snapshotRetentionLimit", new LoweredBelow(MinRetentionDaysOption, 1)),
        new(PlanFormat.Pulumi, "aws:dynamodb/table:Table", "pointInTimeRecovery.enabled", TurnedOff.Instance),
        new(PlanFormat.Pulumi, "aws:s3/bucketVersioning*", "versioningConfiguration.status", new LeavesValue(["Enabled"], ["Enabled"]) { Outcomes = ["Suspended", "Disabled"] }) { AlsoOnDelete = true },
        new(PlanFormat.Pulumi, "aws:s3/bucket:Bucket", "versioning.enabled", TurnedOff.Instance),
        new(PlanFormat.Pulumi, "gcp:storage/bucket:Bucket", "versioning.enabled", TurnedOff.Instance),
        new(PlanFormat.Pulumi, "gcp:sql/databaseInstance:DatabaseInstance", "settings.backupConfiguration.enabled", TurnedOff.Instance),
        new(PlanFormat.Pulumi, "gcp:sql/databaseInstance:DatabaseInstance", "settings.backupConfiguration.pointInTimeRecoveryEnabled", TurnedOff.Instance),
    ];

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Rule];

    public override void Initialize(AnalysisContext context) => context.RegisterResourceChangeAction(c =>
    {
        var change = c.Change;
        if (!change.IsManaged || change.Action is not (ChangeAction.Update or ChangeAction.Replace or ChangeAction.Delete))
        {
            return;
        }

        var phrases = WatchedAttributes.Check(Attributes, c.Plan.Format, change, c.GetOptions(Rule));
        if (!phrases.IsEmpty)
        {
            c.ReportDiagnostic(Diagnostic.Create(Rule, change.Address, change.Address, WatchedAttributes.Join(phrases)));
        }
    }, ChangeAction.Update, ChangeAction.Replace, ChangeAction.Delete);

    /// <summary>Snapshot → Delete; Snapshot → Retain is safer, not weaker (and Retain → Delete is PRV201's).</summary>
    private static LeavesValue SnapshotLeft(string absentMeans) =>
        new(["Snapshot"], ["Snapshot", "Retain", "RetainExceptOnCreate"], absentMeans) { Outcomes = ["Delete"] };
}
