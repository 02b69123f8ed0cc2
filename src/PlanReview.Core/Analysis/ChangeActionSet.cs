using PlanReview.Core.Model;

namespace PlanReview.Core.Analysis;

/// <summary>
/// The change actions a resource callback wants, as a bit per <see cref="ChangeAction"/>. <see cref="All"/>
/// also admits values outside the enum, so a callback registered without a filter still sees every change.
/// </summary>
internal readonly record struct ChangeActionSet
{
    private const int Width = 32;

    private readonly uint mask;
    private readonly bool all;

    private ChangeActionSet(uint mask, bool all)
    {
        this.mask = mask;
        this.all = all;
    }

    public static ChangeActionSet All { get; } = new(uint.MaxValue, true);

    public bool IsAll => all;

    public static ChangeActionSet Of(ChangeAction[] actions)
    {
        ArgumentNullException.ThrowIfNull(actions);
        if (actions.Length == 0)
        {
            // An empty filter would silently turn the rule off; the overload without actions is the way to see everything.
            throw new ArgumentException("name at least one change action, or register without actions to see every change", nameof(actions));
        }

        var mask = 0u;
        foreach (var action in actions)
        {
            if (!Enum.IsDefined(action) || (int)action >= Width)
            {
                throw new ArgumentOutOfRangeException(nameof(actions), action, "not a ChangeAction");
            }

            mask |= 1u << (int)action;
        }

        return new ChangeActionSet(mask, false);
    }

    public bool Contains(ChangeAction action) => all || ((uint)action < Width && (mask & (1u << (int)action)) != 0);

    public ChangeActionSet Union(ChangeActionSet other) => new(mask | other.mask, all || other.all);
}
