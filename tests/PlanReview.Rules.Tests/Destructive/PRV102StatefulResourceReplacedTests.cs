using PlanReview.Core.Analysis;
using PlanReview.Core.Model;
using PlanReview.Rules.Tests.Support;

namespace PlanReview.Rules.Tests.Destructive;

public sealed class PRV102StatefulResourceReplacedTests
{
    private const string Id = RuleIds.StatefulResourceReplaced;

    [Theory]
    [InlineData(ReplaceOrder.DeleteFirst)]
    [InlineData(ReplaceOrder.CreateFirst)]
    [InlineData(ReplaceOrder.Unspecified)]
    public void Replacing_a_data_store_is_an_error_in_either_order(ReplaceOrder order)
    {
        var result = RuleTester.Run(new PlanBuilder().Replace("aws_db_instance.main", order: order));

        Assert.Equal([(Id, "aws_db_instance.main", Severity.Error)], result.Findings(Id));
    }

    [Fact]
    public void The_message_names_the_attributes_that_forced_it_but_no_values()
    {
        var result = RuleTester.Run(new PlanBuilder().Replace(
            "aws_db_instance.main",
            before: PlanValues.Obj(("engine", "postgres")),
            after: PlanValues.Obj(("engine", "mysql")),
            configure: c => c with { ReplacePaths = ["engine"] }));

        var message = Assert.Single(result.Of(Id)).Message;
        Assert.Equal("aws_db_instance.main (data) will be replaced (forced by engine): the new object starts without the old one's data; no other resource in the plan depends on it", message);
        Assert.DoesNotContain("mysql", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_snapshotted_replacement_fires_and_says_so()
    {
        var result = RuleTester.Run(new PlanBuilder().Replace("aws_ebs_volume.v", configure: c => c with { Fate = ObjectFate.Snapshotted }));

        Assert.Contains("snapshot", Assert.Single(result.Of(Id)).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ObjectFate.Retained)]
    [InlineData(ObjectFate.Forgotten)]
    public void A_replacement_that_keeps_the_old_object_is_not_reported(ObjectFate fate)
    {
        var result = RuleTester.Run(new PlanBuilder().Replace("aws_db_instance.main", order: ReplaceOrder.CreateFirst, configure: c => c with { Fate = fate }));

        Assert.Empty(result.Of(Id));
    }

    [Fact]
    public void Stateless_replacements_and_stateful_updates_are_not_reported()
    {
        var result = RuleTester.Run(new PlanBuilder()
            .Replace("aws_instance.web")
            .Update("aws_db_instance.main")
            .Delete("aws_s3_bucket.b"));

        Assert.Empty(result.Of(Id));
    }
}
