using System.Collections.Immutable;
using System.Runtime.InteropServices;
using PlanReview.Core.Model;

namespace PlanReview.Core.Graph;

/// <summary>A resource reached from a destroyed or replaced one through the plan's dependency data.</summary>
/// <param name="Address">The affected resource.</param>
/// <param name="Root">The destroyed or replaced resource it was reached from (the nearest one).</param>
/// <param name="Via">The resource it depends on directly along that path.</param>
/// <param name="Source">Where that edge came from (<c>prior_state.depends_on</c>, <c>configuration</c>…).</param>
/// <param name="Depth">1 for a direct dependent.</param>
public sealed record AffectedResource(string Address, string Root, string Via, string Source, int Depth);

/// <summary>
/// For every destroyed or replaced resource, the resources that depend on it, transitively, each with
/// the edge that brought it in. Built from the plan's own dependency data only.
/// </summary>
public sealed class BlastRadius
{
    // Filled once in Compute and never changed after: a plain dictionary reads faster than an immutable one.
    private readonly IReadOnlyDictionary<string, ImmutableArray<AffectedResource>> dependentsByRoot;

    private BlastRadius(
        ImmutableArray<string> destroyed,
        ImmutableArray<string> replaced,
        ImmutableArray<AffectedResource> affected,
        IReadOnlyDictionary<string, ImmutableArray<AffectedResource>> dependentsByRoot)
    {
        Destroyed = destroyed;
        Replaced = replaced;
        Affected = affected;
        this.dependentsByRoot = dependentsByRoot;
    }

    public static BlastRadius Empty { get; } = new([], [], [], new Dictionary<string, ImmutableArray<AffectedResource>>());

    /// <summary>Managed resources deleted (sorted).</summary>
    public ImmutableArray<string> Destroyed { get; }

    /// <summary>Managed resources replaced (sorted).</summary>
    public ImmutableArray<string> Replaced { get; }

    /// <summary>Resources that depend on a destroyed or replaced one and are not themselves destroyed or replaced (sorted by address).</summary>
    public ImmutableArray<AffectedResource> Affected { get; }

    /// <summary>The transitive dependents of one resource (sorted by address); empty when it is not destroyed or replaced.</summary>
    public ImmutableArray<AffectedResource> DependentsOf(string address) =>
        dependentsByRoot.TryGetValue(address, out var dependents) ? dependents : [];

    public static BlastRadius Compute(Plan plan) => Compute(plan, PlanAddresses.Of(plan));

    /// <param name="addresses">The plan's addresses, hashed once for the whole analysis.</param>
    internal static BlastRadius Compute(Plan plan, PlanAddresses addresses)
    {
        var destroyedSet = new HashSet<string>(StringComparer.Ordinal);
        var replacedSet = new HashSet<string>(StringComparer.Ordinal);
        foreach (var change in plan.Changes)
        {
            if (change.IsManaged && change.Action == ChangeAction.Delete)
            {
                destroyedSet.Add(change.Address);
            }
            else if (change.IsManaged && change.Action == ChangeAction.Replace)
            {
                replacedSet.Add(change.Address);
            }
        }

        if (destroyedSet.Count == 0 && replacedSet.Count == 0)
        {
            return Empty;
        }

        var destroyed = destroyedSet.Order(StringComparer.Ordinal).ToImmutableArray();
        var replaced = replacedSet.Order(StringComparer.Ordinal).ToImmutableArray();
        var graph = DependencyGraph.Build(plan, addresses);
        var rootSet = new HashSet<string>(destroyedSet, StringComparer.Ordinal);
        rootSet.UnionWith(replacedSet);
        var roots = rootSet.Order(StringComparer.Ordinal).ToArray();
        var byRoot = new Dictionary<string, ImmutableArray<AffectedResource>>(roots.Length, StringComparer.Ordinal);
        var affected = new Dictionary<string, AffectedResource>(StringComparer.Ordinal);

        foreach (var root in roots)
        {
            var reached = graph.Dependents(root);
            byRoot[root] = reached;
            foreach (var item in reached)
            {
                if (rootSet.Contains(item.Address))
                {
                    continue;
                }

                // Keep the nearest root for each affected resource; ties go to the first root in address order.
                ref var existing = ref CollectionsMarshal.GetValueRefOrAddDefault(affected, item.Address, out var exists);
                if (!exists || item.Depth < existing!.Depth)
                {
                    existing = item;
                }
            }
        }

        var nearest = affected.Values.ToArray();
        Array.Sort(nearest, (a, b) => string.CompareOrdinal(a.Address, b.Address));
        return new BlastRadius(destroyed, replaced, [.. nearest], byRoot);
    }
}
