using PlanReview.Core.Analysis;
using PlanReview.Core.Model;
using PlanReview.Rules.Tests.Support;
using static PlanReview.Rules.Tests.Support.PlanValues;

namespace PlanReview.Rules.Tests.Security;

public sealed class PRV402ResourceMadePublicTests
{
    private const string Id = RuleIds.ResourceMadePublic;

    private static PlanValue Block(bool value) => Obj(
        ("bucket", "acme-data"), ("block_public_acls", value), ("block_public_policy", value), ("ignore_public_acls", value), ("restrict_public_buckets", value));

    [Fact]
    public void Turning_off_a_public_access_block_setting_is_an_error()
    {
        var after = Obj(("bucket", "acme-data"), ("block_public_acls", true), ("block_public_policy", false), ("ignore_public_acls", true), ("restrict_public_buckets", true));

        var result = RuleTester.Run(new PlanBuilder().Update("aws_s3_bucket_public_access_block.data", before: Block(true), after: after));

        Assert.Equal([(Id, "aws_s3_bucket_public_access_block.data", Severity.Error)], result.Findings(Id));
        Assert.Equal("aws_s3_bucket_public_access_block.data is made public: block_public_policy changes from true to false", result.Of(Id)[0].Message);
    }

    [Fact]
    public void Deleting_the_public_access_block_fires_once_naming_what_it_blocked()
    {
        var result = RuleTester.Run(new PlanBuilder().Delete("aws_s3_bucket_public_access_block.data", before: Block(true)));

        Assert.Equal(
            "aws_s3_bucket_public_access_block.data is made public: the resource is deleted while block_public_acls was true, block_public_policy was true, ignore_public_acls was true, restrict_public_buckets was true",
            Assert.Single(result.Of(Id)).Message);
    }

    [Fact]
    public void Deleting_a_block_that_blocked_nothing_does_not_fire()
    {
        Assert.Empty(RuleTester.Run(new PlanBuilder().Delete("aws_s3_bucket_public_access_block.data", before: Block(false))).Of(Id));
    }

    [Theory]
    [InlineData("private", "public-read", true)]
    [InlineData("private", "public-read-write", true)]
    [InlineData("public-read", "public-read", false)]
    [InlineData("private", "log-delivery-write", false)]
    public void A_public_canned_acl_fires(string before, string after, bool fires)
    {
        var result = RuleTester.Run(new PlanBuilder().Update("aws_s3_bucket_acl.data", before: Obj(("acl", before)), after: Obj(("acl", after))));

        Assert.Equal(fires ? 1 : 0, result.Of(Id).Length);
    }

    [Fact]
    public void A_new_public_database_fires_and_a_private_one_does_not()
    {
        var result = RuleTester.Run(new PlanBuilder()
            .Create("aws_db_instance.open", after: Obj(("publicly_accessible", true)))
            .Create("aws_db_instance.closed", after: Obj(("publicly_accessible", false))));

        Assert.Equal([(Id, "aws_db_instance.open", Severity.Error)], result.Findings(Id));
        Assert.Equal("aws_db_instance.open is made public: publicly_accessible is true", result.Of(Id)[0].Message);
    }

    [Fact]
    public void A_lambda_permission_for_everyone_fires_unless_a_source_narrows_it()
    {
        var result = RuleTester.Run(new PlanBuilder()
            .Create("aws_lambda_permission.open", after: Obj(("principal", "*"), ("action", "lambda:InvokeFunction"), ("source_arn", null)))
            .Create("aws_lambda_permission.narrow", after: Obj(("principal", "*"), ("action", "lambda:InvokeFunction"), ("source_arn", "arn:aws:execute-api:eu-west-1:123456789012:abc/*")))
            .Create("aws_lambda_permission.s3", after: Obj(("principal", "s3.amazonaws.com"))));

        Assert.Equal([(Id, "aws_lambda_permission.open", Severity.Error)], result.Findings(Id));
    }

    [Fact]
    public void Google_resource_iam_granting_all_users_fires()
    {
        var result = RuleTester.Run(new PlanBuilder()
            .Create("google_storage_bucket_iam_member.public", after: Obj(("role", "roles/storage.objectViewer"), ("member", "allUsers")))
            .Update(
                "google_cloud_run_service_iam_binding.invoke",
                before: Obj(("role", "roles/run.invoker"), ("members", new[] { "serviceAccount:ci@p.iam.gserviceaccount.com" })),
                after: Obj(("role", "roles/run.invoker"), ("members", new[] { "serviceAccount:ci@p.iam.gserviceaccount.com", "allAuthenticatedUsers" })))
            .Create("google_storage_bucket_iam_member.team", after: Obj(("role", "roles/storage.objectViewer"), ("member", "group:data@acme.example"))));

        Assert.Equal(
            [(Id, "google_cloud_run_service_iam_binding.invoke", Severity.Error), (Id, "google_storage_bucket_iam_member.public", Severity.Error)],
            result.Findings(Id));
        Assert.Equal("google_storage_bucket_iam_member.public is made public: member grants access to allUsers", result.Of(Id)[1].Message);
    }

    [Fact]
    public void Google_iam_policy_data_is_parsed_and_invalid_json_is_tolerated()
    {
        var result = RuleTester.Run(new PlanBuilder()
            .Create("google_storage_bucket_iam_policy.p", after: Obj(("policy_data", """{"bindings":[{"role":"roles/storage.objectViewer","members":["allUsers"]}]}""")))
            .Create("google_storage_bucket_iam_policy.broken", after: Obj(("policy_data", "{not json"))));

        Assert.Equal([(Id, "google_storage_bucket_iam_policy.p", Severity.Error)], result.Findings(Id));
    }

    [Fact]
    public void Project_level_public_grants_are_left_to_PRV403()
    {
        var result = RuleTester.Run(new PlanBuilder().Create("google_project_iam_member.owner", after: Obj(("role", "roles/owner"), ("member", "allUsers"))));

        Assert.Empty(result.Of(Id));
        Assert.Single(result.Of(RuleIds.WildcardIamGrant));
    }

    [Fact]
    public void Azure_public_network_access_fires_when_switched_on_but_not_on_create_where_it_is_the_default()
    {
        var result = RuleTester.Run(new PlanBuilder()
            .Create("azurerm_storage_account.new", after: Obj(("public_network_access_enabled", true), ("allow_nested_items_to_be_public", true)))
            .Update("azurerm_storage_account.data", before: Obj(("public_network_access_enabled", false)), after: Obj(("public_network_access_enabled", true)))
            .Create("azurerm_storage_container.assets", after: Obj(("container_access_type", "blob"))));

        Assert.Equal(
            [(Id, "azurerm_storage_account.data", Severity.Error), (Id, "azurerm_storage_container.assets", Severity.Error)],
            result.Findings(Id));
    }

    [Fact]
    public void Data_sources_no_ops_and_unknown_values_do_not_fire()
    {
        var result = RuleTester.Run(new PlanBuilder()
            .Create("aws_db_instance.ds", after: Obj(("publicly_accessible", true)), configure: c => c with { Mode = ResourceMode.Data })
            .NoOp("aws_db_instance.same")
            .Update("aws_db_instance.later", before: Obj(("publicly_accessible", false)), after: Obj(("publicly_accessible", PlanValue.Unknown))));

        Assert.Empty(result.Of(Id));
    }

    [Fact]
    public void CloudFormation_bucket_public_access_block_turned_off_fires()
    {
        static PlanValue Bucket(string value) => Obj(("Properties", Obj(("PublicAccessBlockConfiguration", Obj(("BlockPublicAcls", value), ("BlockPublicPolicy", "true"))))));

        var plan = new PlanBuilder().Format(PlanFormat.CloudFormation).Update("stack/Data", "AWS::S3::Bucket", before: Bucket("true"), after: Bucket("false"));

        Assert.Equal("stack/Data is made public: PublicAccessBlockConfiguration.BlockPublicAcls changes from true to false", Assert.Single(RuleTester.Run(plan).Of(Id)).Message);
    }

    [Fact]
    public void Pulumi_publicly_accessible_fires()
    {
        var plan = new PlanBuilder().Format(PlanFormat.Pulumi).Update(
            "urn:pulumi:dev::app::aws:rds/instance:Instance::db",
            "aws:rds/instance:Instance",
            before: Obj(("publiclyAccessible", false)),
            after: Obj(("publiclyAccessible", true)));

        Assert.Single(RuleTester.Run(plan).Of(Id));
    }
}
