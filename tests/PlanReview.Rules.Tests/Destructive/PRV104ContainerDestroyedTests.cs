using PlanReview.Core.Analysis;
using PlanReview.Core.Model;
using PlanReview.Rules.Tests.Support;

namespace PlanReview.Rules.Tests.Destructive;

public sealed class PRV104ContainerDestroyedTests
{
    private const string Id = RuleIds.ContainerDestroyed;

    [Fact]
    public void Deleting_a_resource_group_is_an_error()
    {
        var result = RuleTester.Run(new PlanBuilder().Delete("azurerm_resource_group.main"));

        Assert.Equal([(Id, "azurerm_resource_group.main", Severity.Error)], result.Findings(Id));
        Assert.StartsWith("azurerm_resource_group.main (container) will be destroyed: the cloud deletes everything inside it", result.Of(Id)[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Replacing_a_resource_group_is_an_error()
    {
        var result = RuleTester.Run(new PlanBuilder().Replace("azurerm_resource_group.main", order: ReplaceOrder.CreateFirst));

        Assert.Contains("will be replaced", Assert.Single(result.Of(Id)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Updates_creates_retained_containers_and_other_categories_are_not_reported()
    {
        var result = RuleTester.Run(new PlanBuilder()
            .Update("azurerm_resource_group.a")
            .Create("azurerm_resource_group.b")
            .Delete("azurerm_resource_group.c", configure: c => c with { Fate = ObjectFate.Retained })
            .Delete("aws_instance.d"));

        Assert.Empty(result.Of(Id));
    }
}
