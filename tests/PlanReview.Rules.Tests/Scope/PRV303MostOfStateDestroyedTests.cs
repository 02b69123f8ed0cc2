using PlanReview.Core.Analysis;
using PlanReview.Core.Model;
using PlanReview.Rules.Tests.Support;

namespace PlanReview.Rules.Tests.Scope;

public sealed class PRV303MostOfStateDestroyedTests
{
    private const string Id = RuleIds.MostOfStateDestroyed;

    private static PlanBuilder State(int destroyed, int kept)
    {
        var plan = new PlanBuilder();
        for (var i = 0; i < destroyed; i++)
        {
            plan.Delete($"terraform_data.gone[{i}]");
        }

        for (var i = 0; i < kept; i++)
        {
            plan.NoOp($"terraform_data.kept[{i}]");
        }

        return plan;
    }

    [Fact]
    public void Destroying_more_than_half_of_the_state_is_a_plan_wide_error()
    {
        var result = RuleTester.Run(State(3, 1));

        Assert.Equal([(Id, (string?)null, Severity.Error)], result.Findings(Id));
        Assert.Equal("plan.json destroys or replaces 3 of the 4 managed resources that exist (75%), more than the limit of 50%", result.Of(Id)[0].Message);
    }

    [Fact]
    public void Exactly_half_does_not_fire()
    {
        Assert.Empty(RuleTester.Run(State(2, 2)).Of(Id));
    }

    [Fact]
    public void Replacements_count_and_creates_do_not_enlarge_the_state()
    {
        var plan = new PlanBuilder()
            .Replace("aws_instance.a").Replace("aws_instance.b")
            .NoOp("aws_vpc.main")
            .Create("aws_instance.c").Create("aws_instance.d").Create("aws_instance.e");

        Assert.Contains("2 of the 3 managed resources", Assert.Single(RuleTester.Run(plan).Of(Id)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_prior_state_count_wins_when_the_input_gives_it()
    {
        Assert.Empty(RuleTester.Run(State(3, 1).PriorResourceCount(10)).Of(Id));
        Assert.Single(RuleTester.Run(State(3, 0).PriorResourceCount(5)).Of(Id));
    }

    [Fact]
    public void A_state_smaller_than_min_resources_is_left_alone()
    {
        Assert.Empty(RuleTester.Run(State(2, 0)).Of(Id));
    }

    [Fact]
    public void Data_sources_retained_and_forgotten_objects_do_not_count_as_destroyed()
    {
        var plan = State(1, 1)
            .Delete("aws_s3_bucket.kept", configure: c => c with { Fate = ObjectFate.Retained })
            .Forget("aws_s3_bucket.forgotten")
            .Read("data.aws_ami.a");

        Assert.Empty(RuleTester.Run(plan).Of(Id));
    }

    [Fact]
    public void Ratio_and_min_resources_are_options()
    {
        var policy = RuleTester.ParsePolicy("""
            rules:
              PRV303:
                options:
                  ratio: 0.2
                  min-resources: 10
            """);

        Assert.Empty(RuleTester.Run(State(3, 6), policy).Of(Id));
        Assert.Contains("(30%), more than the limit of 20%", Assert.Single(RuleTester.Run(State(3, 7), policy).Of(Id)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_CloudFormation_change_set_without_a_stack_count_is_left_alone()
    {
        static PlanBuilder ChangeSet() => new PlanBuilder().Format(PlanFormat.CloudFormation)
            .Delete("stack/A", "AWS::SQS::Queue").Delete("stack/B", "AWS::SQS::Queue").Delete("stack/C", "AWS::SQS::Queue");

        Assert.Empty(RuleTester.Run(ChangeSet()).Of(Id));
        Assert.Single(RuleTester.Run(ChangeSet().PriorResourceCount(4)).Of(Id));
    }
}
