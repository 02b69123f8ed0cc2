using PlanReview.Core.Analysis;
using PlanReview.Core.Model;
using PlanReview.Rules.Tests.Support;

namespace PlanReview.Rules.Tests.Destructive;

public sealed class PRV108ResourceForgottenTests
{
    private const string Id = RuleIds.ResourceForgotten;

    [Fact]
    public void Forget_is_a_warning()
    {
        var result = RuleTester.Run(new PlanBuilder().Forget("aws_s3_bucket.archive"));

        Assert.Equal([(Id, "aws_s3_bucket.archive", Severity.Warning)], result.Findings(Id));
        Assert.StartsWith("aws_s3_bucket.archive will be removed from management;", result.Of(Id)[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_replacement_that_forgets_the_old_object_is_reported_here_not_as_a_stateful_replacement()
    {
        var result = RuleTester.Run(new PlanBuilder().Replace("aws_s3_bucket.archive", order: ReplaceOrder.CreateFirst, configure: c => c with { Fate = ObjectFate.Forgotten, RawAction = "create,forget" }));

        Assert.Equal([(Id, "aws_s3_bucket.archive", Severity.Warning)], result.Findings(Id));
        Assert.Empty(result.Of(RuleIds.StatefulResourceReplaced));
    }

    [Theory]
    [InlineData(ChangeAction.Delete, "will be removed and its object retained")]
    [InlineData(ChangeAction.Replace, "will be replaced and the old object retained")]
    public void A_retained_object_leaves_management_too(ChangeAction action, string text)
    {
        var change = new ResourceChange { Address = "app/Bucket", Type = "AWS::S3::Bucket", Action = action, Fate = ObjectFate.Retained, ReplaceOrder = action == ChangeAction.Replace ? ReplaceOrder.Unspecified : ReplaceOrder.None };
        var result = RuleTester.Run(new PlanBuilder().Format(PlanFormat.CloudFormation).Change(change));

        Assert.Contains(text, Assert.Single(result.Of(Id)).Message, StringComparison.Ordinal);
        Assert.Empty(result.Of(RuleIds.StatefulResourceDestroyed));
    }

    [Fact]
    public void Destroying_deletes_and_replacements_are_not_reported()
    {
        var result = RuleTester.Run(new PlanBuilder().Delete("aws_s3_bucket.a").Replace("aws_s3_bucket.b").Create("aws_s3_bucket.c"));

        Assert.Empty(result.Of(Id));
    }
}
