using PlanReview.Core.Analysis;
using PlanReview.Core.Model;
using PlanReview.Rules.Tests.Support;

namespace PlanReview.Rules.Tests.Destructive;

public sealed class PRV109UnknownCategoryDestroyedTests
{
    private const string Id = RuleIds.UnknownCategoryDestroyed;

    [Fact]
    public void Destroying_a_type_nobody_classified_is_a_warning()
    {
        var result = RuleTester.Run(new PlanBuilder().Delete("acme_widget.w"));

        Assert.Equal([(Id, "acme_widget.w", Severity.Warning)], result.Findings(Id));
        Assert.StartsWith("acme_widget.w will be destroyed, and its type acme_widget is not in the category table", result.Of(Id)[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Replacing_one_is_a_warning_too()
    {
        var result = RuleTester.Run(new PlanBuilder().Replace("acme_widget.w", order: ReplaceOrder.CreateFirst));

        Assert.Contains("will be replaced", Assert.Single(result.Of(Id)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Known_types_creates_updates_and_data_sources_are_not_reported()
    {
        var result = RuleTester.Run(new PlanBuilder()
            .Delete("aws_instance.a")
            .Delete("terraform_data.b")
            .Create("acme_widget.c")
            .Update("acme_widget.d")
            .Read("data.acme_widget.e"));

        Assert.Empty(result.Of(Id));
    }

    [Fact]
    public void Classifying_the_type_in_the_policy_silences_it()
    {
        var policy = RuleTester.ParsePolicy("""
            categories:
              - match: "acme_*"
                category: compute
            """);

        Assert.Empty(RuleTester.Run(new PlanBuilder().Delete("acme_widget.w"), policy).Of(Id));
    }
}
