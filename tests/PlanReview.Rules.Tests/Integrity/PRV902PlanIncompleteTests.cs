using PlanReview.Core.Analysis;
using PlanReview.Rules.Tests.Support;

namespace PlanReview.Rules.Tests.Integrity;

public sealed class PRV902PlanIncompleteTests
{
    private const string Id = RuleIds.PlanIncomplete;

    [Fact]
    public void A_partial_plan_is_an_error()
    {
        var result = RuleTester.Run(new PlanBuilder().Source("targeted.json").Complete(false));

        Assert.Equal([(Id, (string?)null, Severity.Error)], result.Findings(Id));
        Assert.StartsWith("targeted.json: the plan is incomplete", result.Of(Id)[0].Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(null)]
    public void A_complete_plan_or_one_that_does_not_say_is_not_reported(bool? complete)
    {
        Assert.Empty(RuleTester.Run(new PlanBuilder().Complete(complete)).Of(Id));
    }
}
