using System.Collections.Immutable;

namespace PlanReview.Core.Model;

/// <summary>
/// One planned change to one resource, normalised across Terraform, CloudFormation and Pulumi
/// (after terraform-json's ResourceChange). Immutable; built by the readers.
/// </summary>
public sealed record ResourceChange
{
    /// <summary>The tool's address: Terraform address, CloudFormation <c>Stack/LogicalId</c>, Pulumi URN.</summary>
    public required string Address { get; init; }

    /// <summary>The address before a move (Terraform <c>moved</c>, count added); null when not moved.</summary>
    public string? PreviousAddress { get; init; }

    /// <summary>A short human name (Pulumi: <c>type name</c>); defaults to the address.</summary>
    public string? DisplayName { get; init; }

    /// <summary>The resource type as the tool writes it (<c>aws_db_instance</c>, <c>AWS::RDS::DBInstance</c>, <c>aws:rds/instance:Instance</c>).</summary>
    public required string Type { get; init; }

    public string? Provider { get; init; }

    public ResourceMode Mode { get; init; } = ResourceMode.Managed;

    public required ChangeAction Action { get; init; }

    public ReplaceOrder ReplaceOrder { get; init; } = ReplaceOrder.None;

    /// <summary>What happens to the existing object (for delete, replace, forget).</summary>
    public ObjectFate Fate { get; init; } = ObjectFate.None;

    /// <summary>The raw action as the tool wrote it (<c>delete,create</c>, <c>Modify/True</c>, <c>replace</c>), for messages.</summary>
    public string RawAction { get; init; } = string.Empty;

    /// <summary>The tool's reason (Terraform <c>action_reason</c>), when given.</summary>
    public string? Reason { get; init; }

    /// <summary>Attribute paths that forced a replacement, rendered as <c>a.b[0]</c>.</summary>
    public ImmutableArray<string> ReplacePaths { get; init; } = [];

    /// <summary>True when the change also imports an existing object.</summary>
    public bool Importing { get; init; }

    /// <summary>The key of a deposed object (Terraform), or null for the current object.</summary>
    public string? Deposed { get; init; }

    /// <summary>True when the tool says the resource is protected against deletion (Pulumi <c>protect</c>).</summary>
    public bool Protected { get; init; }

    /// <summary>True when the tool can only decide at apply time whether this update replaces the object (CloudFormation <c>Replacement: Conditional</c>).</summary>
    public bool MayReplace { get; init; }

    /// <summary>The value before the change, secrets already masked; null when absent or not kept (no-op changes).</summary>
    public PlanValue? Before { get; init; }

    /// <summary>The value after the change, secrets already masked; null when absent or not kept.</summary>
    public PlanValue? After { get; init; }

    /// <summary>Other tool-specific facts, for messages and rules (sorted, deterministic).</summary>
    public ImmutableSortedDictionary<string, string> Properties { get; init; } = ImmutableSortedDictionary<string, string>.Empty;

    /// <summary>The address and, for a deposed object, its key: the identity of this row.</summary>
    public string Key => Deposed is null ? Address : $"{Address} (deposed {Deposed})";

    public string Name => DisplayName ?? Address;

    public bool IsManaged => Mode == ResourceMode.Managed;
}
