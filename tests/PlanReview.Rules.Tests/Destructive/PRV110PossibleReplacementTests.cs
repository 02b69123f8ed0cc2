using PlanReview.Core.Analysis;
using PlanReview.Core.Model;
using PlanReview.Rules.Tests.Support;

namespace PlanReview.Rules.Tests.Destructive;

public sealed class PRV110PossibleReplacementTests
{
    private const string Id = RuleIds.PossibleReplacement;

    [Fact]
    public void A_conditional_replacement_is_a_warning()
    {
        var result = RuleTester.Run(new PlanBuilder()
            .Format(PlanFormat.CloudFormation)
            .Update("app/Database", type: "AWS::RDS::DBInstance", configure: c => c with { MayReplace = true, RawAction = "Modify/Conditional" }));

        Assert.Equal([(Id, "app/Database", Severity.Warning)], result.Findings(Id));
        Assert.Contains("may be replaced", result.Of(Id)[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_message_names_the_category()
    {
        var result = RuleTester.Run(new PlanBuilder().Update("aws_db_instance.main", configure: c => c with { MayReplace = true }));

        Assert.StartsWith("aws_db_instance.main (data) may be replaced: whether the update replaces the object is decided only at apply time", Assert.Single(result.Of(Id)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Updates_that_cannot_replace_are_not_reported()
    {
        var result = RuleTester.Run(new PlanBuilder().Update("aws_db_instance.main"));

        Assert.Empty(result.Of(Id));
    }
}
