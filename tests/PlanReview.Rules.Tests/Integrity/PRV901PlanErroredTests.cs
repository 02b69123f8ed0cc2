using PlanReview.Core.Analysis;
using PlanReview.Rules.Tests.Support;

namespace PlanReview.Rules.Tests.Integrity;

public sealed class PRV901PlanErroredTests
{
    private const string Id = RuleIds.PlanErrored;

    [Fact]
    public void An_errored_plan_is_an_error_and_requires_approval_even_when_empty()
    {
        var result = RuleTester.Run(new PlanBuilder().Source("tf.json").Errored());

        Assert.Equal([(Id, (string?)null, Severity.Error)], result.Findings(Id));
        Assert.StartsWith("tf.json: planning failed", result.Of(Id)[0].Message, StringComparison.Ordinal);
        Assert.True(result.Decision.ApprovalRequired);
    }

    [Fact]
    public void A_plan_that_did_not_error_is_not_reported()
    {
        Assert.Empty(RuleTester.Run(new PlanBuilder().Create("aws_instance.a")).Of(Id));
    }
}
