using PlanReview.Core.Analysis;
using PlanReview.Core.Model;
using PlanReview.Rules.Tests.Support;
using static PlanReview.Rules.Tests.Support.PlanValues;

namespace PlanReview.Rules.Tests.Destructive;

public sealed class PRV105DeletionCausedByRefactorTests
{
    private const string Id = RuleIds.DeletionCausedByRefactor;
    private const string NoConfig = "delete_because_no_resource_config";

    [Fact]
    public void A_module_rename_pairs_the_delete_with_the_create_of_the_same_name()
    {
        var result = RuleTester.Run(new PlanBuilder()
            .Delete("module.old.aws_sqs_queue.jobs", reason: "delete_because_no_module")
            .Create("module.new.aws_sqs_queue.jobs"));

        var diagnostic = Assert.Single(result.Of(Id));
        Assert.Equal(("module.old.aws_sqs_queue.jobs", Severity.Warning), (diagnostic.Address, diagnostic.Severity));
        Assert.Equal(
            "module.old.aws_sqs_queue.jobs will be destroyed while module.new.aws_sqs_queue.jobs of the same type is created; " +
            "if it was renamed or moved, a moved block (from = module.old.aws_sqs_queue.jobs, to = module.new.aws_sqs_queue.jobs) keeps the existing object",
            diagnostic.Message);
    }

    [Fact]
    public void A_rename_is_recognised_by_equal_attribute_values_ignoring_unknowns()
    {
        var result = RuleTester.Run(new PlanBuilder()
            .Delete("aws_s3_bucket.logs", before: Obj(("bucket", "acme-logs"), ("force_destroy", false), ("id", "acme-logs")), reason: NoConfig)
            .Create("aws_s3_bucket.audit_trail", after: Obj(("bucket", "acme-logs"), ("force_destroy", false), ("id", PlanValue.Unknown)))
            .Create("aws_s3_bucket.assets", after: Obj(("bucket", "acme-assets"), ("force_destroy", true), ("id", PlanValue.Unknown))));

        var diagnostic = Assert.Single(result.Of(Id));
        Assert.Contains("while aws_s3_bucket.audit_trail of the same type", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unrelated_names_with_different_attributes_are_not_paired()
    {
        var result = RuleTester.Run(new PlanBuilder()
            .Delete("aws_s3_bucket.logs", before: Obj(("bucket", "acme-logs")), reason: NoConfig)
            .Create("aws_s3_bucket.assets", after: Obj(("bucket", "acme-assets"))));

        Assert.Empty(result.Of(Id));
    }

    [Fact]
    public void Only_the_same_type_pairs()
    {
        var result = RuleTester.Run(new PlanBuilder()
            .Delete("aws_sqs_queue.jobs", reason: NoConfig)
            .Create("aws_sns_topic.jobs"));

        Assert.Empty(result.Of(Id));
    }

    [Fact]
    public void Each_create_pairs_once_with_its_best_match()
    {
        var result = RuleTester.Run(new PlanBuilder()
            .Delete("module.a.aws_sqs_queue.jobs", reason: "delete_because_no_module")
            .Delete("module.b.aws_sqs_queue.jobs", reason: "delete_because_no_module")
            .Delete("aws_sqs_queue.jobs_dlq", reason: NoConfig)
            .Create("module.c.aws_sqs_queue.jobs"));

        var diagnostic = Assert.Single(result.Of(Id));
        Assert.Equal("module.a.aws_sqs_queue.jobs", diagnostic.Address);
    }

    [Fact]
    public void The_pairing_does_not_depend_on_the_order_of_the_plan()
    {
        var forward = new PlanBuilder()
            .Delete("aws_sqs_queue.jobs", reason: NoConfig)
            .Delete("aws_sqs_queue.mail", reason: NoConfig)
            .Create("aws_sqs_queue.jobs_v2")
            .Create("aws_sqs_queue.mail_v2")
            .Build();
        var backward = forward with { Changes = [.. forward.Changes.Reverse()] };

        var expected = new[] { ("aws_sqs_queue.jobs", "aws_sqs_queue.jobs_v2"), ("aws_sqs_queue.mail", "aws_sqs_queue.mail_v2") };
        Assert.Equal(expected, Pairs(RuleTester.Run(forward)));
        Assert.Equal(expected, Pairs(RuleTester.Run(backward)));
    }

    [Fact]
    public void Switching_from_count_to_for_each_pairs_by_base_name()
    {
        var result = RuleTester.Run(new PlanBuilder()
            .Delete("aws_sqs_queue.q[0]", reason: "delete_because_wrong_repetition")
            .Create("aws_sqs_queue.q[\"jobs\"]"));

        Assert.Equal([(Id, "aws_sqs_queue.q[0]", Severity.Warning)], result.Findings(Id));
    }

    [Theory]
    [InlineData("delete_because_count_index")]
    [InlineData("delete_because_each_key")]
    [InlineData("delete_because_no_move_target")]
    public void Deletes_for_other_reasons_are_not_refactors(string reason)
    {
        var result = RuleTester.Run(new PlanBuilder()
            .Delete("aws_sqs_queue.q[2]", reason: reason)
            .Create("aws_sqs_queue.q[\"x\"]"));

        Assert.Empty(result.Of(Id));
    }

    [Fact]
    public void Without_a_reason_a_CloudFormation_delete_pairs_too_with_advice_for_that_tool()
    {
        var result = RuleTester.Run(new PlanBuilder()
            .Format(PlanFormat.CloudFormation)
            .Delete("app/JobsQueue", type: "AWS::SQS::Queue")
            .Create("app/JobsQueueV2", type: "AWS::SQS::Queue"));

        var diagnostic = Assert.Single(result.Of(Id));
        Assert.Contains("DeletionPolicy Retain", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sensitive_values_that_look_equal_are_no_evidence()
    {
        var result = RuleTester.Run(new PlanBuilder()
            .Delete("aws_ssm_parameter.a", before: Obj(("value", PlanValue.Sensitive)), reason: NoConfig)
            .Create("aws_ssm_parameter.zz", after: Obj(("value", PlanValue.Sensitive))));

        Assert.Empty(result.Of(Id));
    }

    [Fact]
    public void The_attribute_threshold_is_an_option()
    {
        var plan = new PlanBuilder()
            .Delete("aws_s3_bucket.logs", before: Obj(("bucket", "acme-logs"), ("acl", "private")), reason: NoConfig)
            .Create("aws_s3_bucket.trail", after: Obj(("bucket", "acme-logs"), ("acl", "public-read")))
            .Build();
        var strict = RuleTester.ParsePolicy("""
            rules:
              PRV105:
                options:
                  min-attribute-similarity: 0.9
            """);

        Assert.Single(RuleTester.Run(plan).Of(Id));
        Assert.Empty(RuleTester.Run(plan, strict).Of(Id));
    }

    private static IEnumerable<(string, string)> Pairs(AnalysisResult result) =>
        result.Of(Id).Select(d => (d.Address!, d.Message.Split(" while ")[1].Split(' ')[0]));
}
