using System.Collections.Immutable;
using PlanReview.Core;
using PlanReview.Core.Analysis;
using PlanReview.Core.Model;
using PlanReview.Rules.Protection;

namespace PlanReview.Rules.Security;

/// <summary>PRV403: a policy starts granting everything, or to everyone.</summary>
public sealed class PRV403WildcardIamGrant : PlanAnalyzer
{
    /// <summary>Actions besides <c>*</c> and <c>*:*</c> that count as administrator access on Resource <c>*</c> (comma-separated).</summary>
    public const string ExtraAdminActionsOption = "extra-admin-actions";

    public const string DefaultExtraAdminActions = "iam:*";

    private static readonly ImmutableArray<string> PrimitiveRoles = ["roles/owner", "roles/editor"];
    private static readonly ImmutableArray<string> PublicMembers = ["allUsers", "allAuthenticatedUsers"];

    public static readonly DiagnosticDescriptor Rule = new(
        RuleIds.WildcardIamGrant,
        "Wildcard IAM grant",
        "{0} grants {1}",
        "Security",
        Severity.Error,
        true,
        "An AWS policy document (policy, assume_role_policy, inline_policy, access_policies; CloudFormation PolicyDocument, " +
        "AssumeRolePolicyDocument, Policies, KeyPolicy) gains an Allow statement that grants Action * or *:* (or one of option " +
        "extra-admin-actions, default iam:*, which lets the holder grant itself anything) on Resource *, or that allows Principal * " +
        "without a Condition (anyone, in any account, on a resource or trust policy); or a Google Cloud project, folder or organization " +
        "grants roles/owner or roles/editor to allUsers or allAuthenticatedUsers. Only grants that are new fire: a policy that already " +
        "had the grant is not reported again. Policy text that is not valid JSON, or is unknown until apply, is not guessed at. " +
        "Service wildcards such as s3:* are not reported: they are broad but bounded, and too common to block on.");

    /// <summary>Where each resource type keeps its AWS policy documents.</summary>
    internal static readonly ImmutableArray<PolicyDocumentLocation> Documents =
    [
        new(PlanFormat.Terraform, "aws_*", "policy"),
        new(PlanFormat.Terraform, "aws_*", "assume_role_policy"),
        new(PlanFormat.Terraform, "aws_iam_role", "inline_policy.*.policy"),
        new(PlanFormat.Terraform, "aws_*search_domain*", "access_policies"),

        new(PlanFormat.CloudFormation, "*", "Properties.PolicyDocument"),
        new(PlanFormat.CloudFormation, "*", "Properties.AssumeRolePolicyDocument"),
        new(PlanFormat.CloudFormation, "*", "Properties.Policies.*.PolicyDocument"),
        new(PlanFormat.CloudFormation, "AWS::KMS::Key", "Properties.KeyPolicy"),
        new(PlanFormat.CloudFormation, "AWS::OpenSearchService::Domain", "Properties.AccessPolicies"),

        new(PlanFormat.Pulumi, "aws:*", "policy"),
        new(PlanFormat.Pulumi, "aws:*", "assumeRolePolicy"),
        new(PlanFormat.Pulumi, "aws:iam/role:Role", "inlinePolicies.*.policy"),
        new(PlanFormat.Pulumi, "aws:*search/domain*", "accessPolicies"),
    ];

    /// <summary>Where Google Cloud resource-hierarchy IAM keeps its bindings.</summary>
    internal static readonly ImmutableArray<GoogleBindingLocation> Bindings =
    [
        new(PlanFormat.Terraform, "google_*_iam_member", null, "role", "member"),
        new(PlanFormat.Terraform, "google_*_iam_binding", null, "role", "members"),
        new(PlanFormat.Terraform, "google_*_iam_policy", "policy_data.$json.bindings.*", "role", "members"),
        new(PlanFormat.Pulumi, "gcp:*/iAMMember:IAMMember", null, "role", "member"),
        new(PlanFormat.Pulumi, "gcp:*/iAMBinding:IAMBinding", null, "role", "members"),
        new(PlanFormat.Pulumi, "gcp:*/iAMPolicy:IAMPolicy", "policyData.$json.bindings.*", "role", "members"),
    ];

    /// <summary>Bindings on these types only: a public grant on a single resource is PRV402's.</summary>
    private static readonly ImmutableArray<string> HierarchyTypes =
        ["google_project_iam_*", "google_folder_iam_*", "google_organization_iam_*", "gcp:projects/*", "gcp:folder/*", "gcp:organizations/*"];

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Rule];

    public override void Initialize(AnalysisContext context) => context.RegisterResourceChangeAction(c =>
    {
        var change = c.Change;
        var format = c.Plan.Format;
        if (!change.IsManaged || change.Action is not (ChangeAction.Create or ChangeAction.Update or ChangeAction.Replace))
        {
            return;
        }

        // Most changed resources hold no policy document: find that out before reading options and values.
        var documents = Documents.Where(d => d.AppliesTo(format, change.Type)).ToArray();
        var hierarchy = HierarchyTypes.Any(t => Glob.IsMatch(t, change.Type));
        if (documents.Length == 0 && !hierarchy)
        {
            return;
        }

        var extra = (c.GetOptions(Rule).GetString(ExtraAdminActionsOption) ?? DefaultExtraAdminActions)
            .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        ImmutableArray<string> adminActions = ["*", "*:*", .. extra];
        var before = AttributePath.AttributesOf(format, change.Before);
        var after = AttributePath.AttributesOf(format, change.After);
        var created = change.Action == ChangeAction.Create;
        var added = new List<string>();

        foreach (var location in documents)
        {
            // A document that did not change grants nothing new: most updates leave policies alone, and parsing is the cost.
            if (!created && AttributePath.Select(before, location.Path).SequenceEqual(AttributePath.Select(after, location.Path)))
            {
                continue;
            }

            Collect(created ? [] : PolicyGrants.InDocument(before, location.Path, adminActions), PolicyGrants.InDocument(after, location.Path, adminActions), added);
        }

        if (hierarchy)
        {
            foreach (var location in Bindings.Where(b => b.AppliesTo(format, change.Type)))
            {
                Collect(
                    created ? [] : PolicyGrants.InBindings(before, location, PrimitiveRoles, PublicMembers),
                    PolicyGrants.InBindings(after, location, PrimitiveRoles, PublicMembers),
                    added);
            }
        }

        if (added.Count > 0)
        {
            c.ReportDiagnostic(Diagnostic.Create(Rule, change.Address, change.Address, string.Join("; ", added.Distinct(StringComparer.Ordinal))));
        }
    }, ChangeAction.Create, ChangeAction.Update, ChangeAction.Replace);

    /// <summary>Adds the grants present after and not before, in a stable order; nothing when either side cannot be read.</summary>
    private static void Collect(ImmutableHashSet<string>? before, ImmutableHashSet<string>? after, List<string> added)
    {
        if (before is null || after is null)
        {
            return;
        }

        added.AddRange(after.Except(before).Order(StringComparer.Ordinal));
    }
}
