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

    private static Plan PlanWithSources(ResourceChange[] changes, params (string Dependent, string Dependency, string Source)[] edges) =>
        Plan(changes) with { Dependencies = [.. edges.Select(e => new DependencyEdge(e.Dependent, e.Dependency, e.Source))] };

    [Fact]
    public void A_repeated_edge_keeps_the_source_of_its_first_occurrence()
    {
        var plan = PlanWithSources(
            [Change("t.db", ChangeAction.Delete), Change("t.app[0]", ChangeAction.NoOp)],
            ("t.app[0]", "t.db", "configuration"),
            ("t.app", "t.db", "prior_state.depends_on"),
            ("t.app[0]", "t.db", "prior_state.depends_on"));

        var dependent = Assert.Single(BlastRadius.Compute(plan).DependentsOf("t.db"));

        Assert.Equal(("t.app[0]", "configuration", 1), (dependent.Address, dependent.Source, dependent.Depth));
    }

    [Fact]
    public void Dependencies_through_an_address_outside_the_plan_still_connect()
    {
        // t.cache is not in the plan (a resource of another workspace, say): it is a node of its own, reported too.
        var plan = Plan(
            [Change("t.db", ChangeAction.Delete), Change("t.app", ChangeAction.NoOp)],
            ("t.cache", "t.db"),
            ("t.app", "t.cache"));

        var dependents = BlastRadius.Compute(plan).DependentsOf("t.db");

        Assert.Equal([("t.app", "t.cache", 2), ("t.cache", "t.db", 1)], dependents.Select(d => (d.Address, d.Via, d.Depth)));
    }

    [Fact]
    public void An_address_missing_from_the_plan_stands_for_every_instance_of_its_configuration_but_never_for_itself()
    {
        // An address of the plan is only itself; one the plan lacks (t.vm["gone"], t.vm[7]) is every instance of t.vm.
        var plan = Plan(
            [Change("t.net", ChangeAction.Replace), Change("t.vm", ChangeAction.NoOp), Change("t.vm[\"a.b]\"]", ChangeAction.NoOp), Change("t.vm[1]", ChangeAction.Delete)],
            ("t.vm[\"gone\"]", "t.net"),
            ("t.vm[7]", "t.vm[1]"),
            ("t.vm[1]", "t.vm"));

        var radius = BlastRadius.Compute(plan);

        Assert.Equal(["t.vm", "t.vm[\"a.b]\"]", "t.vm[1]"], radius.DependentsOf("t.net").Select(d => d.Address));
        Assert.All(radius.DependentsOf("t.net"), d => Assert.Equal(1, d.Depth));
        Assert.Equal(["t.vm", "t.vm[\"a.b]\"]"], radius.DependentsOf("t.vm[1]").Select(d => d.Address));
        Assert.Equal(["t.vm", "t.vm[\"a.b]\"]"], radius.Affected.Select(a => a.Address));
    }

    [Fact]
    public void The_nearest_root_names_an_affected_resource_and_ties_go_to_the_first_root_by_address()
    {
        var plan = Plan(
            [Change("t.a", ChangeAction.Delete), Change("t.b", ChangeAction.Delete), Change("t.mid", ChangeAction.NoOp), Change("t.leaf", ChangeAction.NoOp)],
            ("t.mid", "t.b"),
            ("t.leaf", "t.mid"),
            ("t.leaf", "t.a"));

        var radius = BlastRadius.Compute(plan);

        Assert.Equal([("t.leaf", "t.a", 1), ("t.mid", "t.b", 1)], radius.Affected.Select(a => (a.Address, a.Root, a.Depth)));
        Assert.Equal(["t.leaf", "t.mid"], radius.DependentsOf("t.b").Select(d => d.Address));
        Assert.Empty(radius.DependentsOf("t.mid"));
    }

    [Fact]
    public void A_deposed_object_and_the_current_one_are_one_resource()
    {
        var plan = Plan(
            [Change("t.db", ChangeAction.Replace), Change("t.db", ChangeAction.Delete) with { Deposed = "x" }, Change("t.app", ChangeAction.NoOp)],
            ("t.app", "t.db"));

        var radius = BlastRadius.Compute(plan);

        Assert.Equal(["t.db"], radius.Destroyed.ToArray());
        Assert.Equal(["t.db"], radius.Replaced.ToArray());
        Assert.Equal(["t.app"], radius.DependentsOf("t.db").Select(d => d.Address));
        Assert.Equal(["t.app"], radius.Affected.Select(a => a.Address));
    }
}
