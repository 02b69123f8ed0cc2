using System.Collections.Immutable;
using PlanReview.Core.Graph;
using PlanReview.Core.Model;

namespace PlanReview.Rules.Tests.Support;

/// <summary>
/// Builds small plans for rule tests, one fluent call per resource change. Every method takes an
/// optional <c>configure</c> callback (<c>c => c with { Importing = true }</c>) for the rarer fields,
/// so the builder stays small while any <see cref="ResourceChange"/> can still be expressed.
/// </summary>
public sealed class PlanBuilder
{
    private readonly List<ResourceChange> changes = [];
    private readonly List<DependencyEdge> dependencies = [];
    private readonly List<OutputChange> outputs = [];
    private PlanFormat format = PlanFormat.Terraform;
    private string source = "plan.json";
    private bool errored;
    private bool? complete;
    private int? priorResourceCount;

    public PlanBuilder Format(PlanFormat value)
    {
        format = value;
        return this;
    }

    public PlanBuilder Source(string value)
    {
        source = value;
        return this;
    }

    public PlanBuilder Errored(bool value = true)
    {
        errored = value;
        return this;
    }

    public PlanBuilder Complete(bool? value)
    {
        complete = value;
        return this;
    }

    public PlanBuilder PriorResourceCount(int? value)
    {
        priorResourceCount = value;
        return this;
    }

    public PlanBuilder Create(string address, string? type = null, PlanValue? after = null, Func<ResourceChange, ResourceChange>? configure = null) =>
        Add(New(address, type, ChangeAction.Create, "create") with { After = after ?? PlanValues.Obj() }, configure);

    public PlanBuilder Update(string address, string? type = null, PlanValue? before = null, PlanValue? after = null, Func<ResourceChange, ResourceChange>? configure = null) =>
        Add(New(address, type, ChangeAction.Update, "update") with { Before = before ?? PlanValues.Obj(), After = after ?? PlanValues.Obj() }, configure);

    public PlanBuilder Delete(string address, string? type = null, PlanValue? before = null, string? reason = null, Func<ResourceChange, ResourceChange>? configure = null) =>
        Add(New(address, type, ChangeAction.Delete, "delete") with { Before = before ?? PlanValues.Obj(), Reason = reason, Fate = ObjectFate.Destroyed }, configure);

    public PlanBuilder Replace(
        string address,
        string? type = null,
        ReplaceOrder order = ReplaceOrder.DeleteFirst,
        string? reason = null,
        PlanValue? before = null,
        PlanValue? after = null,
        Func<ResourceChange, ResourceChange>? configure = null) =>
        Add(
            New(address, type, ChangeAction.Replace, order == ReplaceOrder.CreateFirst ? "create,delete" : "delete,create") with
            {
                ReplaceOrder = order,
                Reason = reason,
                Fate = ObjectFate.Destroyed,
                Before = before ?? PlanValues.Obj(),
                After = after ?? PlanValues.Obj(),
            },
            configure);

    /// <summary>A managed resource whose planned action is no-op (Terraform keeps no before/after for these).</summary>
    public PlanBuilder NoOp(string address, string? type = null, Func<ResourceChange, ResourceChange>? configure = null) =>
        Add(New(address, type, ChangeAction.NoOp, "no-op"), configure);

    /// <summary>A data source read (mode data).</summary>
    public PlanBuilder Read(string address, string? type = null, Func<ResourceChange, ResourceChange>? configure = null) =>
        Add(New(address, type, ChangeAction.Read, "read") with { Mode = ResourceMode.Data }, configure);

    /// <summary>Removed from state, the object left in place (Terraform <c>removed { lifecycle { destroy = false } }</c>).</summary>
    public PlanBuilder Forget(string address, string? type = null, Func<ResourceChange, ResourceChange>? configure = null) =>
        Add(New(address, type, ChangeAction.Forget, "forget") with { Fate = ObjectFate.Forgotten, Before = PlanValues.Obj() }, configure);

    /// <summary>An action list the reader did not know, kept raw.</summary>
    public PlanBuilder Unknown(string address, string rawAction, string? type = null, Func<ResourceChange, ResourceChange>? configure = null) =>
        Add(New(address, type, ChangeAction.Unknown, rawAction), configure);

    /// <summary>Any change, as is.</summary>
    public PlanBuilder Change(ResourceChange change) => Add(change, null);

    /// <summary><paramref name="dependent"/> needs <paramref name="dependency"/> (an edge of the blast radius).</summary>
    public PlanBuilder DependsOn(string dependent, string dependency, string edgeSource = "prior_state.depends_on")
    {
        dependencies.Add(new DependencyEdge(dependent, dependency, edgeSource));
        return this;
    }

    public PlanBuilder Output(string name, ChangeAction action, bool sensitive = false)
    {
        outputs.Add(new OutputChange(name, action, sensitive));
        return this;
    }

    public Plan Build() => new()
    {
        Source = source,
        Format = format,
        ToolVersion = format == PlanFormat.Terraform ? "1.11.4" : null,
        FormatVersion = format == PlanFormat.Terraform ? "1.2" : null,
        Changes = [.. changes],
        Dependencies = [.. dependencies],
        Outputs = [.. outputs],
        Errored = errored,
        Complete = complete,
        PriorResourceCount = priorResourceCount,
    };

    /// <summary>
    /// The resource type of a Terraform address when the test does not give one:
    /// <c>module.a.aws_s3_bucket.logs["x"]</c> → <c>aws_s3_bucket</c>.
    /// </summary>
    public static string TypeOf(string address)
    {
        var segments = AddressScheme.TopLevelSegments(address);
        var index = 0;
        while (index + 1 < segments.Count && segments[index] == "module")
        {
            index += 2;
        }

        if (index < segments.Count && segments[index] == "data")
        {
            index++;
        }

        var type = segments[Math.Min(index, segments.Count - 1)];
        var bracket = type.IndexOf('[', StringComparison.Ordinal);
        return bracket < 0 ? type : type[..bracket];
    }

    private PlanBuilder Add(ResourceChange change, Func<ResourceChange, ResourceChange>? configure)
    {
        changes.Add(configure is null ? change : configure(change));
        return this;
    }

    private ResourceChange New(string address, string? type, ChangeAction action, string rawAction) => new()
    {
        Address = address,
        Type = type ?? TypeOf(address),
        Provider = format == PlanFormat.Terraform ? "registry.terraform.io/hashicorp/aws" : null,
        Action = action,
        RawAction = rawAction,
    };
}
