using System.Collections.Immutable;
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
    private readonly ImmutableDictionary<string, ImmutableArray<AffectedResource>> dependentsByRoot;

    private BlastRadius(
        ImmutableArray<string> destroyed,
        ImmutableArray<string> replaced,
        ImmutableArray<AffectedResource> affected,
        ImmutableDictionary<string, ImmutableArray<AffectedResource>> dependentsByRoot)
    {
        Destroyed = destroyed;
        Replaced = replaced;
        Affected = affected;
        this.dependentsByRoot = dependentsByRoot;
    }

    public static BlastRadius Empty { get; } = new([], [], [], ImmutableDictionary<string, ImmutableArray<AffectedResource>>.Empty);

    /// <summary>Managed resources deleted (sorted).</summary>
    public ImmutableArray<string> Destroyed { get; }

    /// <summary>Managed resources replaced (sorted).</summary>
    public ImmutableArray<string> Replaced { get; }

    /// <summary>Resources that depend on a destroyed or replaced one and are not themselves destroyed or replaced (sorted by address).</summary>
    public ImmutableArray<AffectedResource> Affected { get; }

    /// <summary>The transitive dependents of one resource (sorted by address); empty when it is not destroyed or replaced.</summary>
    public ImmutableArray<AffectedResource> DependentsOf(string address) =>
        dependentsByRoot.TryGetValue(address, out var dependents) ? dependents : [];

    public static BlastRadius Compute(Plan plan)
    {
        var managed = plan.Changes.Where(c => c.IsManaged).ToArray();
        var destroyed = managed.Where(c => c.Action == ChangeAction.Delete).Select(c => c.Address).Distinct().Order(StringComparer.Ordinal).ToImmutableArray();
        var replaced = managed.Where(c => c.Action == ChangeAction.Replace).Select(c => c.Address).Distinct().Order(StringComparer.Ordinal).ToImmutableArray();
        if (destroyed.IsEmpty && replaced.IsEmpty)
        {
            return Empty;
        }

        var graph = DependencyGraph.Build(plan);
        var roots = destroyed.Concat(replaced).Distinct().Order(StringComparer.Ordinal).ToImmutableArray();
        var rootSet = roots.ToHashSet(StringComparer.Ordinal);
        var byRoot = ImmutableDictionary.CreateBuilder<string, ImmutableArray<AffectedResource>>(StringComparer.Ordinal);
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
                if (!affected.TryGetValue(item.Address, out var existing) || item.Depth < existing.Depth)
                {
                    affected[item.Address] = item;
                }
            }
        }

        return new BlastRadius(
            destroyed,
            replaced,
            affected.Values.OrderBy(a => a.Address, StringComparer.Ordinal).ToImmutableArray(),
            byRoot.ToImmutable());
    }
}
