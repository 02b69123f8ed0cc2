namespace PlanReview.Core.Model;

/// <summary>
/// Counts of planned changes by normalised action. <see cref="Import"/> and <see cref="Move"/>
/// count resources that are imported or moved in addition to their action.
/// </summary>
public sealed record ChangeSummary(int Create, int Update, int Delete, int Replace, int Read, int NoOp, int Forget, int Import, int Move, int Unknown)
{
    public static ChangeSummary Empty { get; } = new(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    public static ChangeSummary Of(Plan plan)
    {
        int create = 0, update = 0, delete = 0, replace = 0, read = 0, noop = 0, forget = 0, import = 0, move = 0, unknown = 0;
        foreach (var change in plan.Changes)
        {
            switch (change.Action)
            {
                case ChangeAction.Create: create++; break;
                case ChangeAction.Update: update++; break;
                case ChangeAction.Delete: delete++; break;
                case ChangeAction.Replace: replace++; break;
                case ChangeAction.Read: read++; break;
                case ChangeAction.NoOp: noop++; break;
                case ChangeAction.Forget: forget++; break;
                default: unknown++; break;
            }

            if (change.Importing)
            {
                import++;
            }

            if (change.PreviousAddress is not null && change.PreviousAddress != change.Address)
            {
                move++;
            }
        }

        return new ChangeSummary(create, update, delete, replace, read, noop, forget, import, move, unknown);
    }

    public static ChangeSummary operator +(ChangeSummary a, ChangeSummary b) => new(
        a.Create + b.Create, a.Update + b.Update, a.Delete + b.Delete, a.Replace + b.Replace, a.Read + b.Read,
        a.NoOp + b.NoOp, a.Forget + b.Forget, a.Import + b.Import, a.Move + b.Move, a.Unknown + b.Unknown);
}
