using System.Collections.Immutable;
using PlanReview.Core.Model;

namespace PlanReview.Core.Analysis;

/// <summary>
/// The indexes of one plan's changes that a set of actions selects, in plan order. Rules share a few
/// sets (destroys; creates and updates…), so each set is scanned for once per plan, not once per rule.
/// </summary>
internal sealed class ChangeSelections
{
    private readonly ImmutableArray<ResourceChange> changes;
    private readonly Dictionary<ChangeActionSet, int[]> selected = [];

    public ChangeSelections(ImmutableArray<ResourceChange> changes) => this.changes = changes;

    public int[] Of(ChangeActionSet actions)
    {
        if (selected.TryGetValue(actions, out var indexes))
        {
            return indexes;
        }

        var list = new List<int>(actions.IsAll ? changes.Length : 0);
        for (var i = 0; i < changes.Length; i++)
        {
            if (actions.Contains(changes[i].Action))
            {
                list.Add(i);
            }
        }

        selected[actions] = indexes = [.. list];
        return indexes;
    }
}
