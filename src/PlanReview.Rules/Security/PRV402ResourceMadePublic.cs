using System.Collections.Immutable;
using PlanReview.Core.Analysis;
using PlanReview.Core.Model;
using PlanReview.Rules.Protection;

namespace PlanReview.Rules.Security;

/// <summary>PRV402: a bucket, database, function or storage account becomes reachable by anyone.</summary>
public sealed class PRV402ResourceMadePublic : PlanAnalyzer
{
    private static readonly ImmutableArray<string> PublicS3Acls = ["public-read", "public-read-write", "authenticated-read"];
    private static readonly ImmutableArray<string> PublicS3Grantees = ["http://acs.amazonaws.com/groups/global/AllUsers", "http://acs.amazonaws.com/groups/global/AuthenticatedUsers"];
    private static readonly ImmutableArray<string> PublicGoogleMembers = ["allUsers", "allAuthenticatedUsers"];

    /// <summary>Project, folder and organization grants to the public are PRV403's (a wildcard grant), not a resource made public.</summary>
    private static readonly ImmutableArray<string> GoogleHierarchyIam = ["google_project_iam_*", "google_folder_iam_*", "google_organization_iam_*"];
    private static readonly ImmutableArray<string> PulumiGoogleHierarchyIam = ["gcp:projects/*", "gcp:folder/*", "gcp:organizations/*"];

    public static readonly DiagnosticDescriptor Rule = new(
        RuleIds.ResourceMadePublic,
        "Resource made public",
        "{0} is made public: {1}",
        "Security",
        Severity.Error,
        true,
        "A change opens a resource to anyone on the internet: an S3 public access block setting turned off (or the block deleted), " +
        "a public canned ACL or an AllUsers grant on a bucket, publicly_accessible turned on for a database, a Lambda permission for " +
        "principal * without a source condition or a function URL without authentication, allUsers or allAuthenticatedUsers added to a " +
        "Google Cloud resource's IAM, a Cloud Storage bucket leaving enforced public access prevention, a Cloud SQL instance authorising " +
        "0.0.0.0/0, or an Azure storage container, storage account or service opened to public access, and the CloudFormation and Pulumi " +
        "equivalents. New resources count when they are created public, except where the provider's own default is public " +
        "(Azure public_network_access_enabled, allow_nested_items_to_be_public): those fire only when an existing resource is switched.");

    /// <summary>Which attribute makes which resource type public, per tool. The first row matching a path wins.</summary>
    internal static readonly ImmutableArray<WatchedAttribute> Attributes =
    [
        // Terraform: AWS.
        new(PlanFormat.Terraform, "aws_s3*_public_access_block", "block_public_acls", TurnedOff.Instance) { AlsoOnDelete = true },
        new(PlanFormat.Terraform, "aws_s3*_public_access_block", "block_public_policy", TurnedOff.Instance) { AlsoOnDelete = true },
        new(PlanFormat.Terraform, "aws_s3*_public_access_block", "ignore_public_acls", TurnedOff.Instance) { AlsoOnDelete = true },
        new(PlanFormat.Terraform, "aws_s3*_public_access_block", "restrict_public_buckets", TurnedOff.Instance) { AlsoOnDelete = true },
        new(PlanFormat.Terraform, "aws_s3_bucket_acl", "acl", new EntersValue(PublicS3Acls)),
        new(PlanFormat.Terraform, "aws_s3_bucket_acl", "access_control_policy.*.grant.*.grantee.*.uri", new MemberAdded(PublicS3Grantees)),
        new(PlanFormat.Terraform, "aws_s3_bucket", "acl", new EntersValue(PublicS3Acls)),
        new(PlanFormat.Terraform, "aws_s3_bucket", "grant.*.uri", new MemberAdded(PublicS3Grantees)),
        new(PlanFormat.Terraform, "aws_*", "publicly_accessible", TurnedOn.Instance),
        new(PlanFormat.Terraform, "aws_lambda_permission", "principal", new EntersValue(["*"])) { UnlessSet = ["source_arn", "source_account", "principal_org_id"] },
        new(PlanFormat.Terraform, "aws_lambda_function_url", "authorization_type", new EntersValue(["NONE"])),

        // Terraform: Google Cloud.
        new(PlanFormat.Terraform, "google_*_iam_member", "member", new MemberAdded(PublicGoogleMembers)) { ExceptTypes = GoogleHierarchyIam },
        new(PlanFormat.Terraform, "google_*_iam_binding", "members", new MemberAdded(PublicGoogleMembers)) { ExceptTypes = GoogleHierarchyIam },
        new(PlanFormat.Terraform, "google_*_iam_policy", "policy_data.$json.bindings.*.members", new MemberAdded(PublicGoogleMembers)) { ExceptTypes = GoogleHierarchyIam },
        new(PlanFormat.Terraform, "google_storage_bucket", "public_access_prevention", new LeavesValue(["enforced"], ["enforced"]) { Outcomes = ["inherited"] }),
        new(PlanFormat.Terraform, "google_sql_database_instance", "settings.*.ip_configuration.*.authorized_networks.*.value", new EntersValue(["0.0.0.0/0"])),

        // Terraform: Azure. Public network access is the provider's default, so a create proves nothing.
        new(PlanFormat.Terraform, "azurerm_storage_account", "allow_nested_items_to_be_public", TurnedOn.Instance) { IgnoreCreate = true },
        new(PlanFormat.Terraform, "azurerm_storage_account", "network_rules.*.default_action", new LeavesValue(["Deny"], ["Deny"]) { Outcomes = ["Allow"] }),
        new(PlanFormat.Terraform, "azurerm_*", "public_network_access_enabled", TurnedOn.Instance) { IgnoreCreate = true },
        new(PlanFormat.Terraform, "azurerm_storage_container", "container_access_type", new EntersValue(["blob", "container"])),

        // CloudFormation.
        new(PlanFormat.CloudFormation, "AWS::S3::Bucket", "Properties.PublicAccessBlockConfiguration.BlockPublicAcls", TurnedOff.Instance),
        new(PlanFormat.CloudFormation, "AWS::S3::Bucket", "Properties.PublicAccessBlockConfiguration.BlockPublicPolicy", TurnedOff.Instance),
        new(PlanFormat.CloudFormation, "AWS::S3::Bucket", "Properties.PublicAccessBlockConfiguration.IgnorePublicAcls", TurnedOff.Instance),
        new(PlanFormat.CloudFormation, "AWS::S3::Bucket", "Properties.PublicAccessBlockConfiguration.RestrictPublicBuckets", TurnedOff.Instance),
        new(PlanFormat.CloudFormation, "AWS::S3::Bucket", "Properties.AccessControl", new EntersValue(["PublicRead", "PublicReadWrite", "AuthenticatedRead"])),
        new(PlanFormat.CloudFormation, "*", "Properties.PubliclyAccessible", TurnedOn.Instance),
        new(PlanFormat.CloudFormation, "AWS::Lambda::Permission", "Properties.Principal", new EntersValue(["*"])) { UnlessSet = ["Properties.SourceArn", "Properties.SourceAccount", "Properties.PrincipalOrgID"] },
        new(PlanFormat.CloudFormation, "AWS::Lambda::Url", "Properties.AuthType", new EntersValue(["NONE"])),

        // Pulumi (camelCase input names).
        new(PlanFormat.Pulumi, "aws:s3/*ublicAccessBlock:*", "blockPublicAcls", TurnedOff.Instance) { AlsoOnDelete = true },
        new(PlanFormat.Pulumi, "aws:s3/*ublicAccessBlock:*", "blockPublicPolicy", TurnedOff.Instance) { AlsoOnDelete = true },
        new(PlanFormat.Pulumi, "aws:s3/*ublicAccessBlock:*", "ignorePublicAcls", TurnedOff.Instance) { AlsoOnDelete = true },
        new(PlanFormat.Pulumi, "aws:s3/*ublicAccessBlock:*", "restrictPublicBuckets", TurnedOff.Instance) { AlsoOnDelete = true },
        new(PlanFormat.Pulumi, "aws:s3/bucket*", "acl", new EntersValue(PublicS3Acls)),
        new(PlanFormat.Pulumi, "aws:*", "publiclyAccessible", TurnedOn.Instance),
        new(PlanFormat.Pulumi, "aws:lambda/permission:Permission", "principal", new EntersValue(["*"])) { UnlessSet = ["sourceArn", "sourceAccount", "principalOrgId"] },
        new(PlanFormat.Pulumi, "aws:lambda/functionUrl:FunctionUrl", "authorizationType", new EntersValue(["NONE"])),
        new(PlanFormat.Pulumi, "gcp:*", "member", new MemberAdded(PublicGoogleMembers)) { ExceptTypes = PulumiGoogleHierarchyIam },
        new(PlanFormat.Pulumi, "gcp:*", "members", new MemberAdded(PublicGoogleMembers)) { ExceptTypes = PulumiGoogleHierarchyIam },
        new(PlanFormat.Pulumi, "gcp:storage/bucket:Bucket", "publicAccessPrevention", new LeavesValue(["enforced"], ["enforced"]) { Outcomes = ["inherited"] }),
        new(PlanFormat.Pulumi, "azure:storage/container:Container", "containerAccessType", new EntersValue(["blob", "container"])),
    ];

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Rule];

    public override void Initialize(AnalysisContext context) => context.RegisterResourceChangeAction(c =>
    {
        var change = c.Change;
        if (!change.IsManaged || change.Action is not (ChangeAction.Create or ChangeAction.Update or ChangeAction.Replace or ChangeAction.Delete))
        {
            return;
        }

        var phrases = WatchedAttributes.Check(Attributes, c.Plan.Format, change, c.GetOptions(Rule));
        if (!phrases.IsEmpty)
        {
            c.ReportDiagnostic(Diagnostic.Create(Rule, change.Address, change.Address, WatchedAttributes.Join(phrases)));
        }
    }, ChangeAction.Create, ChangeAction.Update, ChangeAction.Replace, ChangeAction.Delete);
}
