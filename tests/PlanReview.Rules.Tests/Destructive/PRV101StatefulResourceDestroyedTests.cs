using PlanReview.Core.Analysis;
using PlanReview.Core.Model;
using PlanReview.Rules.Tests.Support;

namespace PlanReview.Rules.Tests.Destructive;

public sealed class PRV101StatefulResourceDestroyedTests
{
    private const string Id = RuleIds.StatefulResourceDestroyed;

    [Theory]
    [InlineData("aws_db_instance.main")]
    [InlineData("aws_s3_bucket.logs")]
    [InlineData("aws_kms_key.main")]
    [InlineData("module.db.aws_dynamodb_table.t[\"a\"]")]
    public void Deleting_a_data_store_or_key_is_an_error(string address)
    {
        var result = RuleTester.Run(new PlanBuilder().Delete(address));

        Assert.Equal([(Id, address, Severity.Error)], result.Findings(Id));
    }

    [Fact]
    public void The_message_names_the_category_and_the_dependents()
    {
        var result = RuleTester.Run(new PlanBuilder()
            .Delete("aws_db_instance.main")
            .NoOp("aws_instance.app")
            .NoOp("aws_instance.worker")
            .DependsOn("aws_instance.app", "aws_db_instance.main")
            .DependsOn("aws_instance.worker", "aws_instance.app"));

        var diagnostic = Assert.Single(result.Of(Id));
        Assert.Equal("aws_db_instance.main (data) will be destroyed; 2 resources depend on it (aws_instance.app, aws_instance.worker)", diagnostic.Message);
    }

    [Fact]
    public void Without_dependents_the_message_says_so()
    {
        var result = RuleTester.Run(new PlanBuilder().Delete("aws_kms_key.k"));

        Assert.Equal("aws_kms_key.k (encryption-key) will be destroyed; no other resource in the plan depends on it", Assert.Single(result.Of(Id)).Message);
    }

    [Fact]
    public void A_snapshot_on_deletion_still_fires_and_says_so()
    {
        var result = RuleTester.Run(new PlanBuilder().Delete("aws_db_instance.main", configure: c => c with { Fate = ObjectFate.Snapshotted }));

        var diagnostic = Assert.Single(result.Of(Id));
        Assert.Equal(Severity.Error, diagnostic.Severity);
        Assert.Contains("snapshot", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_fate_the_input_does_not_state_counts_as_destroyed()
    {
        var result = RuleTester.Run(new PlanBuilder().Delete("aws_db_instance.main", configure: c => c with { Fate = ObjectFate.None }));

        Assert.Single(result.Of(Id));
    }

    [Theory]
    [InlineData(ObjectFate.Retained)]
    [InlineData(ObjectFate.Forgotten)]
    public void A_retained_or_forgotten_object_is_not_destroyed(ObjectFate fate)
    {
        var result = RuleTester.Run(new PlanBuilder().Delete("aws_db_instance.main", configure: c => c with { Fate = fate }));

        Assert.Empty(result.Of(Id));
    }

    [Fact]
    public void Stateless_creates_updates_reads_and_no_ops_are_not_reported()
    {
        var result = RuleTester.Run(new PlanBuilder()
            .Delete("aws_instance.web")
            .Create("aws_db_instance.new")
            .Update("aws_s3_bucket.b")
            .NoOp("aws_kms_key.k")
            .Read("data.aws_s3_bucket.existing"));

        Assert.Empty(result.Of(Id));
    }

    [Fact]
    public void A_replacement_is_PRV102s_business_not_PRV101s()
    {
        var result = RuleTester.Run(new PlanBuilder().Replace("aws_db_instance.main"));

        Assert.Empty(result.Of(Id));
        Assert.Single(result.Of(RuleIds.StatefulResourceReplaced));
    }

    [Fact]
    public void A_data_source_is_never_destroyed()
    {
        var result = RuleTester.Run(new PlanBuilder().Delete("data.aws_s3_bucket.b", configure: c => c with { Mode = ResourceMode.Data }));

        Assert.Empty(result.Of(Id));
    }

    [Fact]
    public void A_policy_category_override_makes_a_type_stateful()
    {
        var policy = RuleTester.ParsePolicy("""
            categories:
              - match: "terraform_data.ledger"
                category: data
            """);

        var result = RuleTester.Run(new PlanBuilder().Delete("terraform_data.ledger").Delete("terraform_data.other"), policy);

        Assert.Equal([(Id, "terraform_data.ledger", Severity.Error)], result.Findings(Id));
    }

    [Fact]
    public void A_deposed_object_of_a_data_store_is_reported_too()
    {
        var result = RuleTester.Run(new PlanBuilder().Delete("aws_db_instance.main", configure: c => c with { Deposed = "abcd1234" }));

        Assert.Equal([(Id, "aws_db_instance.main", Severity.Error)], result.Findings(Id));
    }
}
