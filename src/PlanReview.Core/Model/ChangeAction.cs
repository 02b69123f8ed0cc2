namespace PlanReview.Core.Model;

/// <summary>
/// The normalised action of one resource change, the same for every tool.
/// A wire value we do not know maps to <see cref="Unknown"/>: it is reported (PRV903), never guessed.
/// </summary>
public enum ChangeAction
{
    Unknown = 0,
    NoOp,
    Create,
    Read,
    Update,
    Delete,
    Replace,
    Forget,
}

/// <summary>The order of the two halves of a replacement.</summary>
public enum ReplaceOrder
{
    /// <summary>Not a replacement.</summary>
    None = 0,

    /// <summary>The old object is removed before the new one exists: there is a window with no object.</summary>
    DeleteFirst,

    /// <summary>The new object is created first (create_before_destroy, Pulumi's default).</summary>
    CreateFirst,

    /// <summary>A replacement whose order the input does not say (for example a Pulumi digest without replacement steps).</summary>
    Unspecified,
}

/// <summary>What happens to the old object of a delete or a replace.</summary>
public enum ObjectFate
{
    /// <summary>Not a delete or replace.</summary>
    None = 0,

    /// <summary>The object is destroyed (the default; also when the input does not say).</summary>
    Destroyed,

    /// <summary>The object is left in place but no longer managed (CloudFormation Retain, Pulumi retainOnDelete).</summary>
    Retained,

    /// <summary>A snapshot is taken before the object is destroyed (CloudFormation Snapshot).</summary>
    Snapshotted,

    /// <summary>Removed from state only (Terraform forget / removed block with destroy = false).</summary>
    Forgotten,
}

/// <summary>Whether the change is on a managed resource or a data source / external read.</summary>
public enum ResourceMode
{
    Managed = 0,
    Data,
}

public static class ChangeActionNames
{
    /// <summary>The stable lower-case name used in reports ("no-op" is written "noop").</summary>
    public static string ToWireName(this ChangeAction action) => action switch
    {
        ChangeAction.NoOp => "noop",
        ChangeAction.Create => "create",
        ChangeAction.Read => "read",
        ChangeAction.Update => "update",
        ChangeAction.Delete => "delete",
        ChangeAction.Replace => "replace",
        ChangeAction.Forget => "forget",
        _ => "unknown",
    };

    public static string ToWireName(this ReplaceOrder order) => order switch
    {
        ReplaceOrder.DeleteFirst => "delete-first",
        ReplaceOrder.CreateFirst => "create-first",
        ReplaceOrder.Unspecified => "unspecified",
        _ => "none",
    };

    public static string ToWireName(this ObjectFate fate) => fate switch
    {
        ObjectFate.Destroyed => "destroyed",
        ObjectFate.Retained => "retained",
        ObjectFate.Snapshotted => "snapshotted",
        ObjectFate.Forgotten => "forgotten",
        _ => "none",
    };

    /// <summary>True for the actions that remove the current object: delete and replace.</summary>
    public static bool IsDestructive(this ChangeAction action) =>
        action is ChangeAction.Delete or ChangeAction.Replace;
}
