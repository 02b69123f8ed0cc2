using PlanReview.Core.Analysis;
using PlanReview.Core.Model;
using PlanReview.Rules.Tests.Support;

namespace PlanReview.Rules.Tests.Integrity;

public sealed class PRV903UnknownActionTests
{
    private const string Id = RuleIds.UnknownAction;

    [Fact]
    public void An_unknown_action_is_an_error_naming_the_raw_action()
    {
        var result = RuleTester.Run(new PlanBuilder().Unknown("aws_instance.a", "delete,purge"));

        Assert.Equal([(Id, "aws_instance.a", Severity.Error)], result.Findings(Id));
        Assert.Equal("aws_instance.a has an action this version of PlanReview does not understand (\"delete,purge\"); it may destroy the object, review it by hand", result.Of(Id)[0].Message);
    }

    [Fact]
    public void A_hostile_raw_action_is_bounded_and_printable()
    {
        var result = RuleTester.Run(new PlanBuilder().Unknown("x.y", "a\nb" + new string('z', 500)));

        var message = Assert.Single(result.Of(Id)).Message;
        Assert.DoesNotContain('\n', message);
        Assert.True(message.Length < 250, message);
    }

    [Fact]
    public void An_output_with_an_unknown_action_is_reported()
    {
        var result = RuleTester.Run(new PlanBuilder().Output("endpoint", ChangeAction.Unknown).Output("other", ChangeAction.Create));

        Assert.StartsWith("output endpoint has an action", Assert.Single(result.Of(Id)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Known_actions_are_not_reported()
    {
        var result = RuleTester.Run(new PlanBuilder().Create("a.b").Update("c.d").Delete("e.f").Replace("g.h").NoOp("i.j").Read("data.k.l").Forget("m.n"));

        Assert.Empty(result.Of(Id));
    }
}
