using System.Collections.Immutable;
using PlanReview.Core.Model;

namespace PlanReview.Readers.CloudFormation;

/// <summary>
/// Places the change sets of nested stacks under their parent once every file is read: a child's
/// <c>my-nested-stack/function</c> becomes <c>my-root-stack/ChildStack/function</c>, so the report
/// shows where a change really happens. Pure: plans in, plans out, same count and order.
/// </summary>
/// <remarks>
/// A child is matched to the <c>AWS::CloudFormation::Stack</c> change of its parent by the nested
/// change set id (<c>ResourceChange.ChangeSetId</c> of the parent = <c>ChangeSetId</c> of the child),
/// or failing that by the nested stack's ARN (<c>PhysicalResourceId</c> = child <c>StackId</c>).
/// Only plans that say they have a parent (<c>ParentChangeSetId</c>) are renamed; a child whose parent
/// was not given keeps its own stack name and gets a warning. Plans of other tools pass through.
/// </remarks>
public static class CloudFormationNesting
{
    public static ImmutableArray<Plan> Apply(IReadOnlyList<Plan> plans)
    {
        ArgumentNullException.ThrowIfNull(plans);

        // Where each nested change set / nested stack ARN is referenced from: the address of the stack resource.
        var byNestedChangeSet = new Dictionary<string, (int Plan, string Address)>(StringComparer.Ordinal);
        var byNestedStackArn = new Dictionary<string, (int Plan, string Address)>(StringComparer.Ordinal);
        for (var i = 0; i < plans.Count; i++)
        {
            if (plans[i].Format != PlanFormat.CloudFormation)
            {
                continue;
            }

            foreach (var change in plans[i].Changes)
            {
                if (change.Properties.TryGetValue("nestedChangeSetId", out var nested))
                {
                    byNestedChangeSet.TryAdd(nested, (i, change.Address));
                }

                if (change.Type == "AWS::CloudFormation::Stack" && change.Properties.TryGetValue("physicalResourceId", out var arn))
                {
                    byNestedStackArn.TryAdd(arn, (i, change.Address));
                }
            }
        }

        var prefixes = new string?[plans.Count];
        var resolved = new bool[plans.Count];
        var result = ImmutableArray.CreateBuilder<Plan>(plans.Count);
        for (var i = 0; i < plans.Count; i++)
        {
            var plan = plans[i];
            if (plan.Format != PlanFormat.CloudFormation || Header(plan, "parentChangeSetId") is null)
            {
                result.Add(plan);
                continue;
            }

            var prefix = Prefix(i, plans, byNestedChangeSet, byNestedStackArn, prefixes, resolved, 0);
            if (prefix is null)
            {
                result.Add(plan with
                {
                    Messages = plan.Messages.Add(new ToolMessage(
                        "warning",
                        "this is the change set of a nested stack, but its root change set was not given: pass the root change set too, so that its changes are shown under the root stack",
                        null)),
                });
                continue;
            }

            result.Add(Rename(plan, prefix));
        }

        return result.MoveToImmutable();
    }

    /// <summary>The address a child's resources go under, or null when its parent was not given.</summary>
    private static string? Prefix(
        int index,
        IReadOnlyList<Plan> plans,
        Dictionary<string, (int Plan, string Address)> byNestedChangeSet,
        Dictionary<string, (int Plan, string Address)> byNestedStackArn,
        string?[] prefixes,
        bool[] resolved,
        int depth)
    {
        if (resolved[index])
        {
            return prefixes[index];
        }

        // Nesting deeper than the plans given means a cycle in the ids: give up on that plan.
        if (depth > plans.Count)
        {
            return null;
        }

        var plan = plans[index];
        var parent = (Plan: -1, Address: string.Empty);
        var found = (Header(plan, "changeSetId") is { } id && byNestedChangeSet.TryGetValue(id, out parent))
            || (Header(plan, "stackId") is { } arn && byNestedStackArn.TryGetValue(arn, out parent));
        string? prefix = null;
        if (found && parent.Plan != index)
        {
            // The parent may itself be a child: its stack resource address is renamed first.
            var parentPrefix = Header(plans[parent.Plan], "parentChangeSetId") is null
                ? null
                : Prefix(parent.Plan, plans, byNestedChangeSet, byNestedStackArn, prefixes, resolved, depth + 1);
            prefix = parentPrefix is null ? parent.Address : parentPrefix + "/" + LogicalId(plans[parent.Plan], parent.Address);
        }

        prefixes[index] = prefix;
        resolved[index] = true;
        return prefix;
    }

    private static Plan Rename(Plan plan, string prefix)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        var changes = plan.Changes.Select(c =>
        {
            var renamed = prefix + "/" + LogicalId(plan, c.Address);
            map[c.Address] = renamed;
            return c with { Address = renamed };
        }).ToImmutableArray();

        var stackPrefix = (plan.Stack ?? string.Empty) + "/";
        string Map(string address) =>
            map.TryGetValue(address, out var renamed) ? renamed
            : address.StartsWith(stackPrefix, StringComparison.Ordinal) ? prefix + "/" + address[stackPrefix.Length..]
            : address;

        return plan with
        {
            Changes = changes,
            Dependencies = plan.Dependencies.Select(e => e with { Dependent = Map(e.Dependent), Dependency = Map(e.Dependency) }).ToImmutableArray(),
            Messages = plan.Messages.Select(m => m.Address is null ? m : m with { Address = Map(m.Address) }).ToImmutableArray(),
        };
    }

    private static string LogicalId(Plan plan, string address)
    {
        var change = plan.Changes.FirstOrDefault(c => c.Address == address);
        if (change is not null && change.Properties.TryGetValue("logicalResourceId", out var logical))
        {
            return logical;
        }

        var slash = address.LastIndexOf('/');
        return slash < 0 ? address : address[(slash + 1)..];
    }

    /// <summary>A change set header value, which the reader keeps on every change of the plan.</summary>
    private static string? Header(Plan plan, string key) =>
        plan.Changes.Select(c => c.Properties.GetValueOrDefault(key)).FirstOrDefault(v => v is not null);
}
