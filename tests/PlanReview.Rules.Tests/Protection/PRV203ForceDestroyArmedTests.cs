using PlanReview.Core.Analysis;
using PlanReview.Core.Model;
using PlanReview.Rules.Tests.Support;
using static PlanReview.Rules.Tests.Support.PlanValues;

namespace PlanReview.Rules.Tests.Protection;

public sealed class PRV203ForceDestroyArmedTests
{
    private const string Id = RuleIds.ForceDestroyArmed;

    [Theory]
    [InlineData("aws_s3_bucket.logs", "force_destroy")]
    [InlineData("google_storage_bucket.assets", "force_destroy")]
    [InlineData("aws_route53_zone.main", "force_destroy")]
    [InlineData("aws_iam_user.ci", "force_destroy")]
    [InlineData("aws_ecr_repository.app", "force_delete")]
    [InlineData("google_bigquery_dataset.events", "delete_contents_on_destroy")]
    public void Arming_force_destroy_is_an_error(string address, string attribute)
    {
        var result = RuleTester.Run(new PlanBuilder().Update(address, before: Obj((attribute, false)), after: Obj((attribute, true))));

        Assert.Equal([(Id, address, Severity.Error)], result.Findings(Id));
        Assert.Equal($"{address} arms force-destroy: {attribute} changes from false to true; destroying it will also delete everything it contains", result.Of(Id)[0].Message);
    }

    [Fact]
    public void From_unset_to_true_fires()
    {
        var result = RuleTester.Run(new PlanBuilder().Update("aws_s3_bucket.logs", before: Obj(("force_destroy", null)), after: Obj(("force_destroy", true))));

        Assert.Contains("force_destroy changes from unset to true", Assert.Single(result.Of(Id)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Already_armed_or_disarming_does_not_fire()
    {
        var result = RuleTester.Run(new PlanBuilder()
            .Update("aws_s3_bucket.a", before: Obj(("force_destroy", true)), after: Obj(("force_destroy", true)))
            .Update("aws_s3_bucket.b", before: Obj(("force_destroy", true)), after: Obj(("force_destroy", false))));

        Assert.Empty(result.Of(Id));
    }

    [Fact]
    public void A_google_project_deletion_policy_becoming_delete_fires()
    {
        var result = RuleTester.Run(new PlanBuilder()
            .Update("google_project.p", before: Obj(("deletion_policy", "PREVENT")), after: Obj(("deletion_policy", "DELETE")))
            .Update("google_project.q", before: Obj(("deletion_policy", "PREVENT")), after: Obj(("deletion_policy", "ABANDON"))));

        Assert.Equal([(Id, "google_project.p", Severity.Error)], result.Findings(Id));
        Assert.Contains("deletion_policy changes from PREVENT to DELETE", result.Of(Id)[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_secret_recovery_window_of_zero_fires()
    {
        var result = RuleTester.Run(new PlanBuilder().Update("aws_secretsmanager_secret.db", before: Obj(("recovery_window_in_days", 30)), after: Obj(("recovery_window_in_days", 0))));

        Assert.Single(result.Of(Id));
    }

    [Fact]
    public void A_replacement_that_arms_it_fires()
    {
        var result = RuleTester.Run(new PlanBuilder().Replace("aws_s3_bucket.logs", before: Obj(("force_destroy", false)), after: Obj(("force_destroy", true))));

        Assert.Single(result.Of(Id));
    }

    [Fact]
    public void A_new_resource_created_armed_is_silent_by_default_and_info_with_the_option()
    {
        var plan = new PlanBuilder().Create("aws_s3_bucket.scratch", after: Obj(("force_destroy", true)));
        var policy = RuleTester.ParsePolicy("""
            rules:
              PRV203:
                options:
                  report-creates: true
            """);

        Assert.Empty(RuleTester.Run(plan).Of(Id));
        Assert.Equal([(Id, "aws_s3_bucket.scratch", Severity.Info)], RuleTester.Run(plan, policy).Findings(Id));
    }

    [Fact]
    public void Deletes_data_sources_and_no_ops_do_not_fire()
    {
        var result = RuleTester.Run(new PlanBuilder()
            .Delete("aws_s3_bucket.old", before: Obj(("force_destroy", true)))
            .Update("aws_s3_bucket.ds", before: Obj(("force_destroy", false)), after: Obj(("force_destroy", true)), configure: c => c with { Mode = ResourceMode.Data })
            .NoOp("aws_s3_bucket.same"));

        Assert.Empty(result.Of(Id));
    }

    [Fact]
    public void Pulumi_force_destroy_fires()
    {
        var plan = new PlanBuilder().Format(PlanFormat.Pulumi).Update(
            "urn:pulumi:dev::app::aws:s3/bucket:Bucket::logs",
            "aws:s3/bucket:Bucket",
            before: Obj(("forceDestroy", false)),
            after: Obj(("forceDestroy", true)));

        Assert.Single(RuleTester.Run(plan).Of(Id));
    }
}
