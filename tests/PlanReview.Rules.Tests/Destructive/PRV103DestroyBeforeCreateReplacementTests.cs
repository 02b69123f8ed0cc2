using PlanReview.Core.Analysis;
using PlanReview.Core.Model;
using PlanReview.Rules.Tests.Support;

namespace PlanReview.Rules.Tests.Destructive;

public sealed class PRV103DestroyBeforeCreateReplacementTests
{
    private const string Id = RuleIds.DestroyBeforeCreateReplacement;

    [Fact]
    public void A_delete_first_replacement_is_a_warning()
    {
        var result = RuleTester.Run(new PlanBuilder().Replace("aws_instance.web", order: ReplaceOrder.DeleteFirst));

        Assert.Equal([(Id, "aws_instance.web", Severity.Warning)], result.Findings(Id));
        Assert.StartsWith("aws_instance.web (compute) will be destroyed before its replacement is created", result.Of(Id)[0].Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ReplaceOrder.CreateFirst)]
    [InlineData(ReplaceOrder.Unspecified)]
    public void Other_orders_are_not_reported(ReplaceOrder order)
    {
        var result = RuleTester.Run(new PlanBuilder().Replace("aws_instance.web", order: order));

        Assert.Empty(result.Of(Id));
    }

    [Fact]
    public void Every_category_is_reported_by_default_helpers_included()
    {
        var result = RuleTester.Run(new PlanBuilder().Replace("terraform_data.marker").Replace("acme_widget.w").Replace("aws_db_instance.main"));

        Assert.Equal(["acme_widget.w", "aws_db_instance.main", "terraform_data.marker"], result.Of(Id).Select(d => d.Address));
    }

    [Fact]
    public void The_ignored_categories_are_an_option()
    {
        var policy = RuleTester.ParsePolicy("""
            rules:
              PRV103:
                options:
                  ignore-categories: "compute, dns, other"
            """);

        var result = RuleTester.Run(
            new PlanBuilder().Replace("terraform_data.marker").Replace("aws_instance.web").Replace("aws_route53_record.www").Replace("aws_lb.front"),
            policy);

        Assert.Equal(["aws_lb.front"], result.Of(Id).Select(d => d.Address));
    }

    [Fact]
    public void Creates_deletes_and_retained_replacements_are_not_reported()
    {
        var result = RuleTester.Run(new PlanBuilder()
            .Create("aws_instance.a")
            .Delete("aws_instance.b")
            .Replace("aws_instance.c", configure: c => c with { Fate = ObjectFate.Retained }));

        Assert.Empty(result.Of(Id));
    }
}
