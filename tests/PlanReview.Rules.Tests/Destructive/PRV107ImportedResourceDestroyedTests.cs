using PlanReview.Core.Analysis;
using PlanReview.Rules.Tests.Support;

namespace PlanReview.Rules.Tests.Destructive;

public sealed class PRV107ImportedResourceDestroyedTests
{
    private const string Id = RuleIds.ImportedResourceDestroyed;

    [Fact]
    public void Importing_and_replacing_is_an_error()
    {
        var result = RuleTester.Run(new PlanBuilder().Replace("aws_instance.legacy", configure: c => c with { Importing = true }));

        Assert.Equal([(Id, "aws_instance.legacy", Severity.Error)], result.Findings(Id));
        Assert.Equal("aws_instance.legacy is imported and replaced in the same plan: the object that already exists outside the tool will be destroyed", result.Of(Id)[0].Message);
    }

    [Fact]
    public void Importing_and_deleting_is_an_error()
    {
        var result = RuleTester.Run(new PlanBuilder().Delete("terraform_data.x", configure: c => c with { Importing = true }));

        Assert.Equal([(Id, "terraform_data.x", Severity.Error)], result.Findings(Id));
    }

    [Fact]
    public void Importing_with_a_no_op_or_an_update_is_fine_and_so_is_a_plain_replace()
    {
        var result = RuleTester.Run(new PlanBuilder()
            .NoOp("aws_instance.a", configure: c => c with { Importing = true })
            .Update("aws_instance.b", configure: c => c with { Importing = true })
            .Replace("aws_instance.c"));

        Assert.Empty(result.Of(Id));
    }
}
