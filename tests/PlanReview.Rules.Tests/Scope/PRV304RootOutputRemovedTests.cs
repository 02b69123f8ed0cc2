using PlanReview.Core.Analysis;
using PlanReview.Core.Model;
using PlanReview.Rules.Tests.Support;

namespace PlanReview.Rules.Tests.Scope;

public sealed class PRV304RootOutputRemovedTests
{
    private const string Id = RuleIds.RootOutputRemoved;

    [Fact]
    public void Each_removed_output_is_a_warning_addressed_as_output_name()
    {
        var result = RuleTester.Run(new PlanBuilder()
            .Output("vpc_id", ChangeAction.Delete)
            .Output("db_password", ChangeAction.Delete, sensitive: true));

        Assert.Equal([(Id, "output.db_password", Severity.Warning), (Id, "output.vpc_id", Severity.Warning)], result.Findings(Id));
        Assert.Equal(
            "output.vpc_id will be removed; anything that reads it (terraform_remote_state, stack references, CI scripts) will break",
            result.Of(Id).Single(d => d.Address == "output.vpc_id").Message);
    }

    [Theory]
    [InlineData(ChangeAction.Create)]
    [InlineData(ChangeAction.Update)]
    [InlineData(ChangeAction.NoOp)]
    public void Added_changed_or_unchanged_outputs_do_not_fire(ChangeAction action)
    {
        Assert.Empty(RuleTester.Run(new PlanBuilder().Output("vpc_id", action)).Of(Id));
    }

    [Fact]
    public void A_suppression_can_name_one_output()
    {
        var policy = RuleTester.ParsePolicy("""
            suppressions:
              - rule: PRV304
                address: "output.legacy_*"
                justification: "nobody reads the legacy outputs since the v2 migration"
            """);

        var result = RuleTester.Run(new PlanBuilder().Output("legacy_url", ChangeAction.Delete).Output("vpc_id", ChangeAction.Delete), policy);

        Assert.Equal(["output.vpc_id"], result.Of(Id).Where(d => !d.IsSuppressed).Select(d => d.Address));
    }
}
