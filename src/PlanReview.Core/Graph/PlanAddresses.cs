using System.Runtime.InteropServices;
using PlanReview.Core.Model;

namespace PlanReview.Core.Graph;

/// <summary>
/// The first change of every address of one plan. Hashing 100k addresses is a large part of an analysis
/// (each one is a cache miss), so it is done once and shared by the categories and the dependency graph.
/// </summary>
internal sealed class PlanAddresses
{
    private readonly Dictionary<string, int> first;
    private readonly int[] firstOf;

    private PlanAddresses(Dictionary<string, int> first, int[] firstOf)
    {
        this.first = first;
        this.firstOf = firstOf;
    }

    public int Count => first.Count;

    public static PlanAddresses Of(Plan plan)
    {
        var changes = plan.Changes;
        var first = new Dictionary<string, int>(changes.Length, StringComparer.Ordinal);
        var firstOf = new int[changes.Length];
        for (var i = 0; i < changes.Length; i++)
        {
            ref var index = ref CollectionsMarshal.GetValueRefOrAddDefault(first, changes[i].Address, out var exists);
            if (!exists)
            {
                index = i;
            }

            firstOf[i] = index;
        }

        return new PlanAddresses(first, firstOf);
    }

    /// <summary>The index of the first change with the same address as change <paramref name="index"/> (itself, usually).</summary>
    public int FirstOf(int index) => firstOf[index];

    /// <summary>The index of the first change at <paramref name="address"/>; false when no change of the plan has it.</summary>
    public bool TryGetFirst(string address, out int index) => first.TryGetValue(address, out index);

    /// <summary>Every address with the index of its first change.</summary>
    public IEnumerable<KeyValuePair<string, int>> All => first;
}
