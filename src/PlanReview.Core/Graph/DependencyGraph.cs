using System.Collections.Immutable;
using PlanReview.Core.Model;

namespace PlanReview.Core.Graph;

/// <summary>
/// The reverse dependency graph of one plan: from a resource to the resources that depend on it.
/// Edge ends may name instances or configuration addresses; both are resolved to the plan's resources.
/// </summary>
/// <remarks>
/// Nodes are numbered and edges kept in flat arrays: a 100k-resource plan has as many nodes and more
/// edges, and a dictionary of lists per node, a set of string pairs and a hash set per walk cost more
/// than the rest of the analysis together.
/// </remarks>
internal sealed class DependencyGraph
{
    private readonly List<string> names;
    private readonly Dictionary<string, int> ids;

    // Compressed rows: the dependents of node n are dependents[start[n]..start[n + 1]], from sources[…] (edge order).
    private readonly int[] start;
    private readonly int[] dependents;
    private readonly string[] sources;

    // Rows are put in address order when a walk first reaches them: most rows are never walked.
    private readonly bool[] rowSorted;

    // Reused by every walk: visited[n] == walk marks node n as reached by the current walk.
    private readonly int[] visited;
    private readonly int[] queue;
    private readonly int[] depths;
    private int walk;

    private DependencyGraph(List<string> names, Dictionary<string, int> ids, int[] start, int[] dependents, string[] sources)
    {
        this.names = names;
        this.ids = ids;
        this.start = start;
        this.dependents = dependents;
        this.sources = sources;
        rowSorted = new bool[names.Count];
        visited = new int[names.Count];
        queue = new int[names.Count];
        depths = new int[names.Count];
    }

    public static DependencyGraph Build(Plan plan)
    {
        var nodes = new NodeTable(plan);
        var pairs = new HashSet<(int, int)>();
        var from = new List<int>(plan.Dependencies.Length);
        var to = new List<int>(plan.Dependencies.Length);
        var via = new List<string>(plan.Dependencies.Length);
        foreach (var edge in plan.Dependencies)
        {
            var dependencyList = nodes.Resolve(edge.Dependency, out var dependencyNode);
            var dependentList = nodes.Resolve(edge.Dependent, out var dependentNode);
            var dependencyIds = dependencyList ?? new ReadOnlySpan<int>(in dependencyNode);
            var dependentIds = dependentList ?? new ReadOnlySpan<int>(in dependentNode);
            foreach (var dependency in dependencyIds)
            {
                foreach (var dependent in dependentIds)
                {
                    // The first edge between two resources names the source; a repeated one adds nothing.
                    if (dependency == dependent || !pairs.Add((dependency, dependent)))
                    {
                        continue;
                    }

                    from.Add(dependency);
                    to.Add(dependent);
                    via.Add(edge.Source);
                }
            }
        }

        // Counting sort by dependency; within a row, edge order is kept until the row is sorted by address.
        var count = nodes.Names.Count;
        var start = new int[count + 1];
        foreach (var dependency in from)
        {
            start[dependency + 1]++;
        }

        for (var n = 0; n < count; n++)
        {
            start[n + 1] += start[n];
        }

        var next = start[..count];
        var dependents = new int[from.Count];
        var sources = new string[from.Count];
        for (var e = 0; e < from.Count; e++)
        {
            var slot = next[from[e]]++;
            dependents[slot] = to[e];
            sources[slot] = via[e];
        }

        return new DependencyGraph(nodes.Names, nodes.Ids, start, dependents, sources);
    }

    /// <summary>Breadth first from <paramref name="address"/>: each dependent once, by its shortest path, sorted by address.</summary>
    public ImmutableArray<AffectedResource> Dependents(string address)
    {
        if (!ids.TryGetValue(address, out var root))
        {
            return [];
        }

        walk++;
        visited[root] = walk;
        var head = 0;
        var tail = 0;
        queue[tail++] = root;
        depths[root] = 0;
        var rootName = names[root];
        var result = new List<AffectedResource>();
        while (head < tail)
        {
            var node = queue[head++];
            var depth = depths[node] + 1;
            SortRow(node);
            for (var slot = start[node]; slot < start[node + 1]; slot++)
            {
                var dependent = dependents[slot];
                if (visited[dependent] == walk)
                {
                    continue;
                }

                visited[dependent] = walk;
                depths[dependent] = depth;
                queue[tail++] = dependent;
                result.Add(new AffectedResource(names[dependent], rootName, names[node], sources[slot], depth));
            }
        }

        // Each address is reached once per walk, so the order is total.
        result.Sort((a, b) => string.CompareOrdinal(a.Address, b.Address));
        return [.. result];
    }

    /// <summary>Puts one row in address order (a walk visits dependents in that order), once.</summary>
    private void SortRow(int node)
    {
        if (rowSorted[node])
        {
            return;
        }

        rowSorted[node] = true;
        var first = start[node];
        var length = start[node + 1] - first;
        if (length < 2)
        {
            return;
        }

        // The dependents of one row are distinct, so the address order is total.
        var keys = new string[length];
        var slots = new int[length];
        for (var i = 0; i < length; i++)
        {
            keys[i] = names[dependents[first + i]];
            slots[i] = first + i;
        }

        Array.Sort(keys, slots, StringComparer.Ordinal);
        var sortedDependents = new int[length];
        var sortedSources = new string[length];
        for (var i = 0; i < length; i++)
        {
            sortedDependents[i] = dependents[slots[i]];
            sortedSources[i] = sources[slots[i]];
        }

        sortedDependents.CopyTo(dependents, first);
        sortedSources.CopyTo(sources, first);
    }

    /// <summary>
    /// Numbers the plan's managed resources, then every other address an edge names, and resolves edge ends
    /// the way the tools mean them: an address of the plan is itself; a Terraform configuration address
    /// (<c>module.db.aws_db_instance.main</c>) is every instance of it (<c>module.db[0].aws_db_instance.main["a"]</c>);
    /// anything else stays a node of its own, so dependencies through resources outside the plan still connect.
    /// </summary>
    private sealed class NodeTable
    {
        private readonly Dictionary<string, int> ids = new(StringComparer.Ordinal);
        private readonly int knownCount;
        private readonly PlanFormat format;

        // Configuration address → the instances whose address differs from it (only Terraform addresses with keys).
        private readonly Dictionary<string, List<int>> keyedInstances = new(StringComparer.Ordinal);

        // Ends that are not addresses of the plan, resolved once.
        private readonly Dictionary<string, int[]> resolved = new(StringComparer.Ordinal);

        public NodeTable(Plan plan)
        {
            format = plan.Format;
            foreach (var change in plan.Changes)
            {
                if (!change.IsManaged || ids.ContainsKey(change.Address))
                {
                    continue;
                }

                var id = Names.Count;
                ids[change.Address] = id;
                Names.Add(change.Address);
                var group = AddressScheme.ToConfigAddress(format, change.Address);
                if (!ReferenceEquals(group, change.Address) && !string.Equals(group, change.Address, StringComparison.Ordinal))
                {
                    if (!keyedInstances.TryGetValue(group, out var list))
                    {
                        keyedInstances[group] = list = [];
                    }

                    list.Add(id);
                }
            }

            knownCount = Names.Count;
        }

        public List<string> Names { get; } = [];

        public Dictionary<string, int> Ids => ids;

        /// <summary>The nodes an edge end stands for: null and <paramref name="node"/> for an address of the plan, else the list.</summary>
        public int[]? Resolve(string end, out int node)
        {
            if (ids.TryGetValue(end, out node) && node < knownCount)
            {
                return null;
            }

            if (!resolved.TryGetValue(end, out var result))
            {
                resolved[end] = result = ResolveOther(end);
            }

            return result;
        }

        private int[] ResolveOther(string end)
        {
            // A configuration address stands for every instance of it: the unkeyed one, if the plan has it, and the keyed ones.
            var group = AddressScheme.ToConfigAddress(format, end);
            var instances = new List<int>();
            if (ids.TryGetValue(group, out var plain) && plain < knownCount)
            {
                instances.Add(plain);
            }

            if (keyedInstances.TryGetValue(group, out var keyed))
            {
                instances.AddRange(keyed);
            }

            if (instances.Count > 0)
            {
                return [.. instances];
            }

            if (!ids.TryGetValue(end, out var other))
            {
                other = Names.Count;
                ids[end] = other;
                Names.Add(end);
            }

            return [other];
        }
    }
}
