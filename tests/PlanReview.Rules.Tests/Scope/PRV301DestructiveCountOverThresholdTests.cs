using PlanReview.Core.Analysis;
using PlanReview.Core.Model;
using PlanReview.Rules.Tests.Support;

namespace PlanReview.Rules.Tests.Scope;

public sealed class PRV301DestructiveCountOverThresholdTests
{
    private const string Id = RuleIds.DestructiveCountOverThreshold;

    private static PlanBuilder Destroying(int deletes, int replaces)
    {
        var plan = new PlanBuilder();
        for (var i = 0; i < deletes; i++)
        {
            plan.Delete($"terraform_data.d[{i}]");
        }

        for (var i = 0; i < replaces; i++)
        {
            plan.Replace($"terraform_data.r[{i}]");
        }

        return plan;
    }

    [Fact]
    public void More_than_ten_deletes_and_replaces_is_a_plan_wide_warning()
    {
        var result = RuleTester.Run(Destroying(8, 3));

        Assert.Equal([(Id, (string?)null, Severity.Warning)], result.Findings(Id));
        Assert.Equal("plan.json destroys or replaces 11 resources (8 deleted, 3 replaced), more than the limit of 10", result.Of(Id)[0].Message);
    }

    [Fact]
    public void Exactly_the_limit_does_not_fire()
    {
        Assert.Empty(RuleTester.Run(Destroying(6, 4)).Of(Id));
    }

    [Fact]
    public void Creates_updates_reads_no_ops_forgets_and_retained_deletes_are_not_counted()
    {
        var plan = Destroying(5, 5)
            .Create("terraform_data.c")
            .Update("terraform_data.u")
            .Read("data.aws_ami.a")
            .NoOp("terraform_data.n")
            .Forget("terraform_data.f")
            .Delete("terraform_data.kept", configure: c => c with { Fate = ObjectFate.Retained })
            .Delete("terraform_data.ds", configure: c => c with { Mode = ResourceMode.Data });

        Assert.Empty(RuleTester.Run(plan).Of(Id));
    }

    [Fact]
    public void A_deposed_object_counts_on_its_own()
    {
        var plan = Destroying(5, 5).Delete("terraform_data.r[0]", configure: c => c with { Deposed = "abcd1234" });

        Assert.Contains("11 resources (6 deleted, 5 replaced)", Assert.Single(RuleTester.Run(plan).Of(Id)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_limit_is_an_option()
    {
        var policy = RuleTester.ParsePolicy("""
            rules:
              PRV301:
                options:
                  max-destructive: 2
            """);

        Assert.Contains("more than the limit of 2", Assert.Single(RuleTester.Run(Destroying(2, 1), policy).Of(Id)).Message, StringComparison.Ordinal);
        Assert.Empty(RuleTester.Run(Destroying(1, 1), policy).Of(Id));
    }
}
