using System.Collections.Immutable;
using PlanReview.Core.Model;

namespace PlanReview.Core.Graph;

/// <summary>
/// The reverse dependency graph of one plan: from a resource to the resources that depend on it.
/// Edge ends may name instances or configuration addresses; both are resolved to the plan's resources.
/// </summary>
internal sealed class DependencyGraph
{
    private readonly Dictionary<string, List<(string Dependent, string Source)>> dependentsOf;

    private DependencyGraph(Dictionary<string, List<(string, string)>> dependentsOf) => this.dependentsOf = dependentsOf;

    public static DependencyGraph Build(Plan plan)
    {
        // Every resource of the plan, and the instances behind each configuration address.
        var instancesByGroup = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var known = new HashSet<string>(StringComparer.Ordinal);
        foreach (var change in plan.Changes)
        {
            if (!change.IsManaged || !known.Add(change.Address))
            {
                continue;
            }

            var group = AddressScheme.ToConfigAddress(plan.Format, change.Address);
            if (!instancesByGroup.TryGetValue(group, out var list))
            {
                instancesByGroup[group] = list = [];
            }

            list.Add(change.Address);
        }

        IEnumerable<string> Resolve(string end)
        {
            if (known.Contains(end))
            {
                return [end];
            }

            var group = AddressScheme.ToConfigAddress(plan.Format, end);
            return instancesByGroup.TryGetValue(group, out var instances) ? instances : [end];
        }

        var dependentsOf = new Dictionary<string, List<(string, string)>>(StringComparer.Ordinal);
        var seen = new HashSet<(string, string)>();
        foreach (var edge in plan.Dependencies)
        {
            foreach (var dependency in Resolve(edge.Dependency))
            {
                foreach (var dependent in Resolve(edge.Dependent))
                {
                    if (string.Equals(dependency, dependent, StringComparison.Ordinal) || !seen.Add((dependency, dependent)))
                    {
                        continue;
                    }

                    if (!dependentsOf.TryGetValue(dependency, out var list))
                    {
                        dependentsOf[dependency] = list = [];
                    }

                    list.Add((dependent, edge.Source));
                }
            }
        }

        foreach (var list in dependentsOf.Values)
        {
            list.Sort((a, b) => string.CompareOrdinal(a.Item1, b.Item1));
        }

        return new DependencyGraph(dependentsOf);
    }

    /// <summary>Breadth first from <paramref name="root"/>: each dependent once, by its shortest path.</summary>
    public ImmutableArray<AffectedResource> Dependents(string root)
    {
        var result = new List<AffectedResource>();
        var visited = new HashSet<string>(StringComparer.Ordinal) { root };
        var queue = new Queue<(string Address, int Depth)>();
        queue.Enqueue((root, 0));
        while (queue.Count > 0)
        {
            var (address, depth) = queue.Dequeue();
            if (!dependentsOf.TryGetValue(address, out var dependents))
            {
                continue;
            }

            foreach (var (dependent, source) in dependents)
            {
                if (visited.Add(dependent))
                {
                    result.Add(new AffectedResource(dependent, root, address, source, depth + 1));
                    queue.Enqueue((dependent, depth + 1));
                }
            }
        }

        return result.OrderBy(a => a.Address, StringComparer.Ordinal).ToImmutableArray();
    }
}
