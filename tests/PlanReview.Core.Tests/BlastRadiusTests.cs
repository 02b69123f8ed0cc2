using PlanReview.Core.Graph;
using PlanReview.Core.Model;

namespace PlanReview.Core.Tests;

public class BlastRadiusTests
{
    private static ResourceChange Change(string address, ChangeAction action) => new()
    {
        Address = address,
        Type = address.Split('.')[^2],
        Action = action,
    };

    private static Plan Plan(ResourceChange[] changes, params (string Dependent, string Dependency)[] edges) => new()
    {
        Source = "plan.json",
        Format = PlanFormat.Terraform,
        Changes = [.. changes],
        Dependencies = [.. edges.Select(e => new DependencyEdge(e.Dependent, e.Dependency, "prior_state.depends_on"))],
    };

    [Fact]
    public void Dependents_are_transitive_and_carry_the_edge_that_brought_them_in()
    {
        var plan = Plan(
            [Change("aws_db_instance.db", ChangeAction.Replace), Change("aws_ecs_service.api", ChangeAction.Update), Change("aws_route53_record.api", ChangeAction.NoOp), Change("aws_vpc.other", ChangeAction.NoOp)],
            ("aws_ecs_service.api", "aws_db_instance.db"),
            ("aws_route53_record.api", "aws_ecs_service.api"));

        var radius = BlastRadius.Compute(plan);

        Assert.Equal(["aws_db_instance.db"], radius.Replaced.ToArray());
        Assert.Empty(radius.Destroyed);
        var dependents = radius.DependentsOf("aws_db_instance.db");
        Assert.Equal(["aws_ecs_service.api", "aws_route53_record.api"], dependents.Select(d => d.Address));
        var record = dependents.Single(d => d.Address == "aws_route53_record.api");
        Assert.Equal(("aws_ecs_service.api", 2, "aws_db_instance.db"), (record.Via, record.Depth, record.Root));
        Assert.Equal(["aws_ecs_service.api", "aws_route53_record.api"], radius.Affected.Select(a => a.Address));
    }

    [Fact]
    public void Configuration_addresses_reach_every_instance()
    {
        var plan = Plan(
            [Change("aws_subnet.a[0]", ChangeAction.Delete), Change("aws_instance.web[0]", ChangeAction.NoOp), Change("aws_instance.web[1]", ChangeAction.NoOp)],
            ("aws_instance.web", "aws_subnet.a"));

        var radius = BlastRadius.Compute(plan);

        Assert.Equal(["aws_instance.web[0]", "aws_instance.web[1]"], radius.DependentsOf("aws_subnet.a[0]").Select(d => d.Address));
    }

    [Fact]
    public void Cycles_terminate_and_roots_are_not_affected_by_themselves()
    {
        var plan = Plan(
            [Change("t.a", ChangeAction.Delete), Change("t.b", ChangeAction.Delete)],
            ("t.a", "t.b"),
            ("t.b", "t.a"));

        var radius = BlastRadius.Compute(plan);

        Assert.Equal(["t.b"], radius.DependentsOf("t.a").Select(d => d.Address));
        Assert.Empty(radius.Affected);
    }

    [Fact]
    public void A_plan_without_destroys_has_an_empty_radius()
    {
        var plan = Plan([Change("t.a", ChangeAction.Update)], ("t.b", "t.a"));
        Assert.Same(BlastRadius.Empty, BlastRadius.Compute(plan));
    }

    [Fact]
    public void Data_sources_are_never_roots()
    {
        var read = Change("data.t.a", ChangeAction.Delete) with { Mode = ResourceMode.Data };
        Assert.Empty(BlastRadius.Compute(Plan([read])).Destroyed);
    }
}
