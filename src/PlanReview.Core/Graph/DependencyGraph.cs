using System.Collections.Immutable;
using PlanReview.Core.Model;

namespace PlanReview.Core.Graph;

/// <summary>
/// The reverse dependency graph of one plan: from a resource to the resources that depend on it.
/// Edge ends may name instances or configuration addresses; both are resolved to the plan's resources.
/// </summary>
/// <remarks>
/// A 100k-resource plan has as many nodes and more edges, and most of the cost is hashing their addresses.
/// Nodes are numbered, edges kept in flat arrays by the node they depend on, and the dependent end of an edge
/// is only resolved when a walk from a destroyed or replaced resource reaches the edge: most are never read.
/// </remarks>
internal sealed class DependencyGraph
{
    private readonly NodeTable nodes;

    // Compressed rows: the edges into node n are at start[n]..start[n + 1] of dependentEnds and sources, in edge order.
    private readonly int[] start;
    private readonly string[] dependentEnds;
    private readonly string[] sources;

    // A row once read: each dependent once, with the source of its first edge, in address order (a walk visits them in that order).
    private readonly Dictionary<int, (int[] Dependents, string[] Sources)> rows = [];

    // Reused by every walk: visited[n] == walk marks node n as reached by the current walk.
    private readonly List<int> visited = [];
    private readonly List<int> depths = [];
    private readonly Queue<int> queue = new();
    private int walk;

    private DependencyGraph(NodeTable nodes, int[] start, string[] dependentEnds, string[] sources)
    {
        this.nodes = nodes;
        this.start = start;
        this.dependentEnds = dependentEnds;
        this.sources = sources;
    }

    public static DependencyGraph Build(Plan plan, PlanAddresses addresses)
    {
        var nodes = new NodeTable(plan, addresses);
        var from = new List<int>(plan.Dependencies.Length);
        var ends = new List<string>(plan.Dependencies.Length);
        var via = new List<string>(plan.Dependencies.Length);
        foreach (var edge in plan.Dependencies)
        {
            var many = nodes.Resolve(edge.Dependency, out var one);
            foreach (var dependency in many ?? new ReadOnlySpan<int>(in one))
            {
                from.Add(dependency);
                ends.Add(edge.Dependent);
                via.Add(edge.Source);
            }
        }

        // Counting sort by dependency, keeping edge order within a row (the first edge of a pair names its source).
        var count = nodes.Count;
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
        var dependentEnds = new string[from.Count];
        var sources = new string[from.Count];
        for (var e = 0; e < from.Count; e++)
        {
            var slot = next[from[e]]++;
            dependentEnds[slot] = ends[e];
            sources[slot] = via[e];
        }

        return new DependencyGraph(nodes, start, dependentEnds, sources);
    }

    /// <summary>Breadth first from <paramref name="address"/>: each dependent once, by its shortest path, sorted by address.</summary>
    public ImmutableArray<AffectedResource> Dependents(string address)
    {
        if (nodes.Find(address) is not { } root)
        {
            return [];
        }

        walk++;
        Mark(root, 0);
        queue.Enqueue(root);
        var rootName = nodes.Name(root);
        var result = new List<AffectedResource>();
        while (queue.TryDequeue(out var node))
        {
            var depth = depths[node] + 1;
            var (dependents, rowSources) = Row(node);
            for (var i = 0; i < dependents.Length; i++)
            {
                var dependent = dependents[i];
                if (dependent < visited.Count && visited[dependent] == walk)
                {
                    continue;
                }

                Mark(dependent, depth);
                queue.Enqueue(dependent);
                result.Add(new AffectedResource(nodes.Name(dependent), rootName, nodes.Name(node), rowSources[i], depth));
            }
        }

        // Each address is reached once per walk, so the order is total.
        result.Sort((a, b) => string.CompareOrdinal(a.Address, b.Address));
        return [.. result];
    }

    private void Mark(int node, int depth)
    {
        // Nodes named only by an edge are numbered as edges are read, so the marks grow with them.
        while (visited.Count <= node)
        {
            visited.Add(0);
            depths.Add(0);
        }

        visited[node] = walk;
        depths[node] = depth;
    }

    /// <summary>The dependents of one node, read once: edge ends resolved, itself and repeats dropped, in address order.</summary>
    private (int[] Dependents, string[] Sources) Row(int node)
    {
        if (node >= start.Length - 1)
        {
            // Numbered after the rows were laid out: only a dependent end names it, so nothing depends on it.
            return ([], []);
        }

        if (rows.TryGetValue(node, out var row))
        {
            return row;
        }

        var seen = new HashSet<int>();
        var dependents = new List<int>();
        var rowSources = new List<string>();
        for (var slot = start[node]; slot < start[node + 1]; slot++)
        {
            var many = nodes.Resolve(dependentEnds[slot], out var one);
            foreach (var dependent in many ?? new ReadOnlySpan<int>(in one))
            {
                if (dependent != node && seen.Add(dependent))
                {
                    dependents.Add(dependent);
                    rowSources.Add(sources[slot]);
                }
            }
        }

        // The dependents of a row are distinct, so the address order is total.
        var order = Enumerable.Range(0, dependents.Count).ToArray();
        Array.Sort(dependents.Select(nodes.Name).ToArray(), order, StringComparer.Ordinal);
        row = ([.. order.Select(i => dependents[i])], [.. order.Select(i => rowSources[i])]);
        rows[node] = row;
        return row;
    }

    /// <summary>
    /// Numbers the plan's managed resources, then every other address an edge names, and resolves edge ends
    /// the way the tools mean them: an address of the plan is itself; a Terraform configuration address
    /// (<c>module.db.aws_db_instance.main</c>) is every instance of it (<c>module.db[0].aws_db_instance.main["a"]</c>);
    /// anything else stays a node of its own, so dependencies through resources outside the plan still connect.
    /// </summary>
    private sealed class NodeTable
    {
        private readonly PlanAddresses addresses;
        private readonly PlanFormat format;
        private readonly List<string> names = [];

        // By the index of an address's first change: its node, or -1 when no managed change has the address.
        private readonly int[] nodeOfFirst;

        // Configuration address → the instances whose address differs from it (only Terraform addresses with keys).
        private readonly Dictionary<string, List<int>> keyedInstances = new(StringComparer.Ordinal);

        // Ends that are not addresses of the plan's managed resources, resolved once; and the nodes of those that stay themselves.
        private readonly Dictionary<string, int[]> resolved = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int> others = new(StringComparer.Ordinal);

        public NodeTable(Plan plan, PlanAddresses addresses)
        {
            this.addresses = addresses;
            format = plan.Format;
            nodeOfFirst = new int[plan.Changes.Length];
            Array.Fill(nodeOfFirst, -1);
            for (var i = 0; i < plan.Changes.Length; i++)
            {
                var change = plan.Changes[i];
                var first = addresses.FirstOf(i);
                if (!change.IsManaged || nodeOfFirst[first] >= 0)
                {
                    continue;
                }

                var id = names.Count;
                nodeOfFirst[first] = id;
                names.Add(change.Address);
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
        }

        public int Count => names.Count;

        public string Name(int node) => names[node];

        /// <summary>The node of a managed resource's address; null when none.</summary>
        public int? Find(string address) => Known(address, out var node) ? node : null;

        /// <summary>The nodes an edge end stands for: null and <paramref name="node"/> for an address of the plan, else the list.</summary>
        public int[]? Resolve(string end, out int node)
        {
            if (Known(end, out node))
            {
                return null;
            }

            if (!resolved.TryGetValue(end, out var result))
            {
                resolved[end] = result = ResolveOther(end);
            }

            return result;
        }

        private bool Known(string address, out int node)
        {
            node = addresses.TryGetFirst(address, out var first) ? nodeOfFirst[first] : -1;
            return node >= 0;
        }

        private int[] ResolveOther(string end)
        {
            // A configuration address stands for every instance of it: the unkeyed one, if the plan has it, and the keyed ones.
            var group = AddressScheme.ToConfigAddress(format, end);
            var instances = new List<int>();
            if (Known(group, out var plain))
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

            if (!others.TryGetValue(end, out var other))
            {
                other = names.Count;
                others[end] = other;
                names.Add(end);
            }

            return [other];
        }
    }
}
