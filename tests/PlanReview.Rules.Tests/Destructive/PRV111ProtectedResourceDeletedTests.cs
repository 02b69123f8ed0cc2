using PlanReview.Core.Analysis;
using PlanReview.Core.Model;
using PlanReview.Rules.Tests.Support;

namespace PlanReview.Rules.Tests.Destructive;

public sealed class PRV111ProtectedResourceDeletedTests
{
    private const string Id = RuleIds.ProtectedResourceDeleted;
    private const string Urn = "urn:pulumi:prod::shop::aws:rds/instance:Instance::orders";

    [Theory]
    [InlineData(ChangeAction.Delete, "deleted")]
    [InlineData(ChangeAction.Replace, "replaced")]
    public void Deleting_or_replacing_a_protected_resource_is_an_error(ChangeAction action, string verb)
    {
        var change = new ResourceChange { Address = Urn, Type = "aws:rds/instance:Instance", Action = action, Protected = true, Fate = ObjectFate.Destroyed };
        var result = RuleTester.Run(new PlanBuilder().Format(PlanFormat.Pulumi).Change(change));

        Assert.Equal([(Id, Urn, Severity.Error)], result.Findings(Id));
        Assert.Contains(verb == "deleted" ? "destroyed" : "replaced", result.Of(Id)[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_protected_resource_that_is_updated_or_kept_is_fine()
    {
        var result = RuleTester.Run(new PlanBuilder()
            .Format(PlanFormat.Pulumi)
            .Update(Urn, type: "aws:rds/instance:Instance", configure: c => c with { Protected = true })
            .NoOp(Urn + "2", type: "aws:rds/instance:Instance", configure: c => c with { Protected = true }));

        Assert.Empty(result.Of(Id));
    }

    [Fact]
    public void An_unprotected_delete_is_not_reported()
    {
        var result = RuleTester.Run(new PlanBuilder().Delete("aws_instance.a"));

        Assert.Empty(result.Of(Id));
    }
}
