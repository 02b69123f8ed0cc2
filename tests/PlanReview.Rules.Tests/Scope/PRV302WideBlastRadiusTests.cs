using PlanReview.Core.Analysis;
using PlanReview.Core.Model;
using PlanReview.Rules.Tests.Support;

namespace PlanReview.Rules.Tests.Scope;

public sealed class PRV302WideBlastRadiusTests
{
    private const string Id = RuleIds.WideBlastRadius;

    /// <summary>A VPC with <paramref name="subnets"/> subnets, each with one instance: 2 × subnets dependents.</summary>
    private static PlanBuilder Vpc(int subnets, Func<PlanBuilder, PlanBuilder> vpcChange)
    {
        var plan = vpcChange(new PlanBuilder());
        for (var i = 0; i < subnets; i++)
        {
            plan.NoOp($"aws_subnet.s{i}").NoOp($"aws_instance.i{i}")
                .DependsOn($"aws_subnet.s{i}", "aws_vpc.main")
                .DependsOn($"aws_instance.i{i}", $"aws_subnet.s{i}");
        }

        return plan;
    }

    [Fact]
    public void A_destroyed_resource_with_more_than_five_dependents_is_a_warning_naming_the_nearest()
    {
        var result = RuleTester.Run(Vpc(3, p => p.Delete("aws_vpc.main")));

        Assert.Equal([(Id, "aws_vpc.main", Severity.Warning)], result.Findings(Id));
        Assert.Equal(
            "aws_vpc.main will be destroyed; 6 resources depend on it, directly or through others (nearest: aws_subnet.s0, aws_subnet.s1, aws_subnet.s2, …)",
            result.Of(Id)[0].Message);
        Assert.Equal("aws_vpc", result.Of(Id)[0].ResourceType);
    }

    [Fact]
    public void A_replacement_says_replaced()
    {
        var result = RuleTester.Run(Vpc(3, p => p.Replace("aws_vpc.main")));

        Assert.StartsWith("aws_vpc.main will be replaced; 6 resources", Assert.Single(result.Of(Id)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Five_dependents_or_fewer_do_not_fire()
    {
        var plan = Vpc(2, p => p.Delete("aws_vpc.main")).NoOp("aws_route_table.rt").DependsOn("aws_route_table.rt", "aws_vpc.main");

        Assert.Empty(RuleTester.Run(plan).Of(Id));
    }

    [Fact]
    public void Updates_and_retained_deletes_do_not_fire()
    {
        Assert.Empty(RuleTester.Run(Vpc(4, p => p.Update("aws_vpc.main"))).Of(Id));
        Assert.Empty(RuleTester.Run(Vpc(4, p => p.Delete("aws_vpc.main", configure: c => c with { Fate = ObjectFate.Retained }))).Of(Id));
    }

    [Fact]
    public void The_limit_is_an_option()
    {
        var policy = RuleTester.ParsePolicy("""
            rules:
              PRV302:
                options:
                  max-dependents: 1
            """);

        var result = RuleTester.Run(Vpc(1, p => p.Delete("aws_vpc.main")), policy);

        Assert.Equal("aws_vpc.main will be destroyed; 2 resources depend on it, directly or through others (nearest: aws_subnet.s0, aws_instance.i0)", Assert.Single(result.Of(Id)).Message);
    }

    [Fact]
    public void A_deposed_object_and_the_current_one_give_one_finding()
    {
        var plan = Vpc(3, p => p.Replace("aws_vpc.main").Delete("aws_vpc.main", configure: c => c with { Deposed = "00000001" }));

        Assert.StartsWith("aws_vpc.main will be replaced", Assert.Single(RuleTester.Run(plan).Of(Id)).Message, StringComparison.Ordinal);
    }
}
