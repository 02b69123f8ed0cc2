using PlanReview.Core.Model;

namespace PlanReview.Readers.Terraform;

/// <summary>The normalised meaning of one <c>change.actions</c> list.</summary>
internal readonly record struct NormalisedAction(ChangeAction Action, ReplaceOrder Order, ObjectFate Fate);

/// <summary>
/// Maps Terraform's and OpenTofu's <c>change.actions</c> lists to <see cref="ChangeAction"/>.
/// Only the lists the writers are known to produce are accepted; anything else is
/// <see cref="ChangeAction.Unknown"/> (reported by PRV903), never guessed from its parts.
/// </summary>
internal static class TerraformActions
{
    public static NormalisedAction Normalise(IReadOnlyList<string> actions) => actions switch
    {
        ["no-op"] => new(ChangeAction.NoOp, ReplaceOrder.None, ObjectFate.None),
        ["create"] => new(ChangeAction.Create, ReplaceOrder.None, ObjectFate.None),
        ["read"] => new(ChangeAction.Read, ReplaceOrder.None, ObjectFate.None),
        ["update"] => new(ChangeAction.Update, ReplaceOrder.None, ObjectFate.None),
        ["delete"] => new(ChangeAction.Delete, ReplaceOrder.None, ObjectFate.Destroyed),
        ["delete", "create"] => new(ChangeAction.Replace, ReplaceOrder.DeleteFirst, ObjectFate.Destroyed),
        ["create", "delete"] => new(ChangeAction.Replace, ReplaceOrder.CreateFirst, ObjectFate.Destroyed),
        ["forget"] => new(ChangeAction.Forget, ReplaceOrder.None, ObjectFate.Forgotten),

        // Terraform writes the list in execution order: the new object is created, then the old one
        // is dropped from state (left running, unmanaged), so this is create-first.
        ["create", "forget"] => new(ChangeAction.Replace, ReplaceOrder.CreateFirst, ObjectFate.Forgotten),

        // OpenTofu's ForgetThenCreate: the old object leaves the state before the new one is created.
        ["forget", "create"] => new(ChangeAction.Replace, ReplaceOrder.DeleteFirst, ObjectFate.Forgotten),
        _ => new(ChangeAction.Unknown, ReplaceOrder.None, ObjectFate.None),
    };

    /// <summary>The list as written, comma-separated; the lists writers produce are shared constants.</summary>
    public static string Raw(IReadOnlyList<string> actions) => actions switch
    {
        ["no-op"] => "no-op",
        ["create"] => "create",
        ["read"] => "read",
        ["update"] => "update",
        ["delete"] => "delete",
        ["delete", "create"] => "delete,create",
        ["create", "delete"] => "create,delete",
        ["forget"] => "forget",
        _ => string.Join(",", actions),
    };
}
