using System.Collections.Immutable;
using PlanReview.Core.Analysis;
using PlanReview.Core.Model;

namespace PlanReview.Rules.Protection;

/// <summary>PRV201: a switch that stops a resource from being deleted is turned off.</summary>
public sealed class PRV201DeletionProtectionDisabled : PlanAnalyzer
{
    /// <summary>
    /// The property a reader sets to "true" when the old object had Pulumi's <c>protect</c> option on
    /// (<see cref="ResourceChange.Protected"/> describes the new object of an update or replacement).
    /// </summary>
    public const string WasProtectedProperty = "wasProtected";

    public static readonly DiagnosticDescriptor Rule = new(
        RuleIds.DeletionProtectionDisabled,
        "Deletion protection disabled",
        "{0} loses its deletion protection: {1}",
        "Protection",
        Severity.Error,
        true,
        "An update or replacement turns off a safeguard against deletion: deletion_protection / enable_deletion_protection / " +
        "deletion_protection_enabled / disable_api_termination going from true to false or unset (AWS, Google Cloud), a Cognito user pool " +
        "leaving ACTIVE, an Azure CanNotDelete or ReadOnly management lock being deleted, a CloudFormation DeletionPolicy or UpdateReplacePolicy " +
        "leaving Retain, Pulumi's protect option turned off, or the CloudFormation and Pulumi equivalents. Disabling protection is the usual first step before a destroy, so the " +
        "change deserves the same scrutiny as the destroy itself; replacements count because the new object comes up unprotected.");

    /// <summary>Which attribute protects which resource type, per tool. The first row matching a path wins, so specific rows come first.</summary>
    internal static readonly ImmutableArray<WatchedAttribute> Attributes =
    [
        // Terraform (aws, google, azurerm).
        new(PlanFormat.Terraform, "aws_cognito_user_pool", "deletion_protection", new LeavesValue(["ACTIVE"], ["ACTIVE"], "INACTIVE") { Outcomes = ["INACTIVE"] }),
        new(PlanFormat.Terraform, "*", "deletion_protection", TurnedOff.Instance),
        new(PlanFormat.Terraform, "*", "enable_deletion_protection", TurnedOff.Instance),
        new(PlanFormat.Terraform, "*", "deletion_protection_enabled", TurnedOff.Instance),
        new(PlanFormat.Terraform, "*", "enable_drop_protection", TurnedOff.Instance),
        new(PlanFormat.Terraform, "aws_instance", "disable_api_termination", TurnedOff.Instance),
        new(PlanFormat.Terraform, "google_sql_database_instance", "settings.*.deletion_protection_enabled", TurnedOff.Instance),
        new(PlanFormat.Terraform, "azurerm_management_lock", "lock_level", new LeavesValue(["CanNotDelete", "ReadOnly"], ["CanNotDelete", "ReadOnly"])) { AlsoOnDelete = true },

        // CloudFormation: the reader puts the template fragment ({"Properties": …, "DeletionPolicy": …}) in before/after.
        new(PlanFormat.CloudFormation, "*", "DeletionPolicy", new LeavesValue(["Retain", "RetainExceptOnCreate"], ["Retain", "RetainExceptOnCreate"]) { Outcomes = ["Delete", "Snapshot"] }),
        new(PlanFormat.CloudFormation, "*", "UpdateReplacePolicy", new LeavesValue(["Retain", "RetainExceptOnCreate"], ["Retain", "RetainExceptOnCreate"]) { Outcomes = ["Delete", "Snapshot"] }),
        new(PlanFormat.CloudFormation, "AWS::Cognito::UserPool", "Properties.DeletionProtection", new LeavesValue(["ACTIVE"], ["ACTIVE"], "INACTIVE") { Outcomes = ["INACTIVE"] }),
        new(PlanFormat.CloudFormation, "*", "Properties.DeletionProtection", TurnedOff.Instance),
        new(PlanFormat.CloudFormation, "*", "Properties.DeletionProtectionEnabled", TurnedOff.Instance),
        new(PlanFormat.CloudFormation, "*", "Properties.TerminationProtection", TurnedOff.Instance),
        new(PlanFormat.CloudFormation, "AWS::EC2::Instance", "Properties.DisableApiTermination", TurnedOff.Instance),
        new(PlanFormat.CloudFormation, "AWS::EMR::Cluster", "Properties.Instances.TerminationProtected", TurnedOff.Instance),

        // Pulumi (camelCase input names).
        new(PlanFormat.Pulumi, "aws:cognito/userPool:UserPool", "deletionProtection", new LeavesValue(["ACTIVE"], ["ACTIVE"], "INACTIVE") { Outcomes = ["INACTIVE"] }),
        new(PlanFormat.Pulumi, "*", "deletionProtection", TurnedOff.Instance),
        new(PlanFormat.Pulumi, "*", "enableDeletionProtection", TurnedOff.Instance),
        new(PlanFormat.Pulumi, "*", "deletionProtectionEnabled", TurnedOff.Instance),
        new(PlanFormat.Pulumi, "*", "enableDropProtection", TurnedOff.Instance),
        new(PlanFormat.Pulumi, "aws:ec2/instance:Instance", "disableApiTermination", TurnedOff.Instance),
        new(PlanFormat.Pulumi, "gcp:sql/databaseInstance:DatabaseInstance", "settings.deletionProtectionEnabled", TurnedOff.Instance),
        new(PlanFormat.Pulumi, "azure:management/lock:Lock", "lockLevel", new LeavesValue(["CanNotDelete", "ReadOnly"], ["CanNotDelete", "ReadOnly"])) { AlsoOnDelete = true },
        new(PlanFormat.Pulumi, "azure-native:authorization:ManagementLock*", "level", new LeavesValue(["CanNotDelete", "ReadOnly"], ["CanNotDelete", "ReadOnly"])) { AlsoOnDelete = true },
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
        if (change.Action is ChangeAction.Update or ChangeAction.Replace && !change.Protected &&
            change.Properties.TryGetValue(WasProtectedProperty, out var was) && was == "true")
        {
            phrases = phrases.Add("protect changes from true to false");
        }

        if (!phrases.IsEmpty)
        {
            c.ReportDiagnostic(Diagnostic.Create(Rule, change.Address, change.Address, WatchedAttributes.Join(phrases)));
        }
    }, ChangeAction.Update, ChangeAction.Replace, ChangeAction.Delete);
}
