using System.Collections.Immutable;
using PlanReview.Core.Model;

namespace PlanReview.Readers.Terraform;

/// <summary>
/// Puts a plan's dependency edges in their one order (ordinal by dependent, dependency, source) without
/// repeats, so that the same plan always gives the same edges, however it was read.
/// </summary>
internal static class EdgeOrder
{
    public static ImmutableArray<DependencyEdge> SortedDistinct((string Dependent, string Dependency, string Source)[] edges)
    {
        // Sorting ranks of the texts instead (each distinct text ranked once) was measured slower: the ranking
        // costs what the shorter comparisons save.
        Array.Sort(edges, static (a, b) =>
        {
            var order = string.CompareOrdinal(a.Dependent, b.Dependent);
            order = order != 0 ? order : string.CompareOrdinal(a.Dependency, b.Dependency);
            return order != 0 ? order : string.CompareOrdinal(a.Source, b.Source);
        });
        var result = ImmutableArray.CreateBuilder<DependencyEdge>(edges.Length);
        for (var i = 0; i < edges.Length; i++)
        {
            if (i == 0 || edges[i] != edges[i - 1])
            {
                result.Add(new DependencyEdge(edges[i].Dependent, edges[i].Dependency, edges[i].Source));
            }
        }

        return result.DrainToImmutable();
    }
}
