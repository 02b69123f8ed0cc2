using System.Collections.Immutable;
using PlanReview.Core.Model;
using PlanReview.Readers.CloudFormation;

namespace PlanReview.Readers.Tests;

public sealed class CloudFormationNestingTests
{
    private static Plan Load(string name) => PlanLoader.Default.Load(CloudFormationPulumiPaths.Fixture("cloudformation", name));

    [Fact]
    public void Child_and_grandchild_resources_are_addressed_under_the_root_stack()
    {
        // Given in any order: the grandchild first.
        var plans = CloudFormationNesting.Apply([Load("nested-grandchild.json"), Load("nested-root.json"), Load("nested-child.json")]);

        Assert.Equal(["platform-Network-1ABC-Subnets-2DEF", "platform", "platform-Network-1ABC"], plans.Select(p => p.Stack));
        Assert.Equal(["platform/Network/Subnets/PrivateSubnetA"], plans[0].Changes.Select(c => c.Address));
        Assert.Equal(["platform/Network", "platform/AppRole"], plans[1].Changes.Select(c => c.Address));
        Assert.Equal(["platform/Network/Subnets", "platform/Network/Vpc", "platform/Network/VpcSecurityGroup"], plans[2].Changes.Select(c => c.Address));
    }

    [Fact]
    public void Dependency_edges_of_a_child_follow_the_rename()
    {
        var plans = CloudFormationNesting.Apply([Load("nested-root.json"), Load("nested-child.json")]);

        Assert.Equal([new DependencyEdge("platform/Network/VpcSecurityGroup", "platform/Network/Vpc", "CausingEntity")], plans[1].Dependencies.ToArray());
    }

    [Fact]
    public void A_child_without_its_root_keeps_its_name_and_says_why()
    {
        var plans = CloudFormationNesting.Apply([Load("nested-child.json")]);

        Assert.All(plans[0].Changes, c => Assert.StartsWith("platform-Network-1ABC/", c.Address, StringComparison.Ordinal));
        Assert.Contains(plans[0].Messages, m => m.Severity == "warning" && m.Message.Contains("root change set was not given", StringComparison.Ordinal));
    }

    [Fact]
    public void A_child_is_found_by_its_stack_arn_when_the_parent_names_no_change_set()
    {
        var root = Load("nested-root.json");
        var withoutChangeSetIds = root with
        {
            Changes = root.Changes.Select(c => c with { Properties = c.Properties.Remove("nestedChangeSetId") }).ToImmutableArray(),
        };

        var plans = CloudFormationNesting.Apply([withoutChangeSetIds, Load("nested-child.json")]);

        Assert.Contains(plans[1].Changes, c => c.Address == "platform/Network/Vpc");
    }

    [Fact]
    public void Plans_that_are_not_nested_pass_through_unchanged()
    {
        var single = Load("change-set-every-action.json");

        var plans = CloudFormationNesting.Apply([single]);

        Assert.Same(single, Assert.Single(plans));
    }

    [CloudFormationPulumiCorpusFact]
    public void Corpus_nested_pair_nests()
    {
        var root = PlanLoader.Default.Load(Path.Combine(CloudFormationPulumiPaths.CorpusRoot, "cloudformation", "cfn-awsdocs-nested-root.json"));
        var child = PlanLoader.Default.Load(Path.Combine(CloudFormationPulumiPaths.CorpusRoot, "cloudformation", "cfn-awsdocs-nested-child.json"));

        var plans = CloudFormationNesting.Apply([root, child]);

        Assert.Equal("my-root-stack/ChildStack/function", Assert.Single(plans[1].Changes).Address);
    }
}
