using PlanReview.Core.Analysis;
using PlanReview.Rules.Tests.Support;

namespace PlanReview.Rules.Tests.Destructive;

public sealed class PRV106ReplacementNotFromCodeTests
{
    private const string Id = RuleIds.ReplacementNotFromCode;

    [Theory]
    [InlineData("replace_because_tainted", "tainted")]
    [InlineData("replace_by_request", "-replace")]
    public void A_replacement_the_code_did_not_ask_for_is_a_warning(string reason, string explanation)
    {
        var result = RuleTester.Run(new PlanBuilder().Replace("aws_instance.web", reason: reason));

        Assert.Equal([(Id, "aws_instance.web", Severity.Warning)], result.Findings(Id));
        Assert.Contains(explanation, result.Of(Id)[0].Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("replace_because_cannot_update")]
    [InlineData("replace_by_triggers")]
    [InlineData(null)]
    public void Replacements_that_come_from_the_code_are_not_reported(string? reason)
    {
        var result = RuleTester.Run(new PlanBuilder().Replace("aws_instance.web", reason: reason));

        Assert.Empty(result.Of(Id));
    }

    [Fact]
    public void The_reason_alone_does_not_make_a_replacement()
    {
        var result = RuleTester.Run(new PlanBuilder().NoOp("aws_instance.web", configure: c => c with { Reason = "replace_because_tainted" }));

        Assert.Empty(result.Of(Id));
    }
}
