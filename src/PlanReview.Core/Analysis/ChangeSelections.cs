using System.Collections.Concurrent;
using System.Collections.Immutable;
using PlanReview.Core.Model;

namespace PlanReview.Core.Analysis;

/// <summary>
/// The indexes of one plan's changes that a set of actions selects, in plan order. Rules share a few
/// sets (destroys; creates and updates…), so each set is scanned for once per plan, not once per rule.
/// Analyzers run concurrently and ask for sets as they go, so the cache is a concurrent one: two threads
/// asking for a new set at once may both scan, and either array is kept (they are equal).
/// </summary>
internal sealed class ChangeSelections
{
    // The actions in one compact array: changes are scattered over the heap, and each set scans them again.
    private readonly ChangeAction[] actions;
    private readonly ConcurrentDictionary<ChangeActionSet, int[]> selected = new();

    public ChangeSelections(ImmutableArray<ResourceChange> changes)
    {
        actions = new ChangeAction[changes.Length];
        for (var i = 0; i < actions.Length; i++)
        {
            actions[i] = changes[i].Action;
        }
    }

    public int[] Of(ChangeActionSet wanted) => selected.GetOrAdd(wanted, static (wanted, self) => self.Scan(wanted), this);

    private int[] Scan(ChangeActionSet wanted)
    {
        var list = new List<int>(wanted.IsAll ? actions.Length : 0);
        for (var i = 0; i < actions.Length; i++)
        {
            if (wanted.Contains(actions[i]))
            {
                list.Add(i);
            }
        }

        return [.. list];
    }
}
