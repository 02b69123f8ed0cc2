using System.Collections.Immutable;

namespace PlanReview.Core.Model;

/// <summary>The tool that produced a plan.</summary>
public enum PlanFormat
{
    Terraform,
    CloudFormation,
    Pulumi,
}

/// <summary>A dependency between two resources: <see cref="Dependent"/> needs <see cref="Dependency"/>.</summary>
/// <param name="Dependent">The address that depends (instance or configuration address).</param>
/// <param name="Dependency">The address depended upon.</param>
/// <param name="Source">Where the edge came from (<c>prior_state.depends_on</c>, <c>configuration</c>, <c>CausingEntity</c>, <c>dependencies</c>, <c>parent</c>…).</param>
public sealed record DependencyEdge(string Dependent, string Dependency, string Source);

/// <summary>A change to a root output value.</summary>
public sealed record OutputChange(string Name, ChangeAction Action, bool Sensitive);

/// <summary>A message the tool itself wrote into the plan (Pulumi diagnostics, CloudFormation status reasons).</summary>
public sealed record ToolMessage(string Severity, string Message, string? Address);

/// <summary>
/// One plan document, read and normalised (after terraform-json's Plan). Immutable; secrets masked.
/// </summary>
public sealed record Plan
{
    /// <summary>The path the plan was read from (<c>-</c> for standard input).</summary>
    public required string Source { get; init; }

    public required PlanFormat Format { get; init; }

    /// <summary>The version of the tool that wrote the plan, when it says.</summary>
    public string? ToolVersion { get; init; }

    /// <summary>The document's own format version, when it says.</summary>
    public string? FormatVersion { get; init; }

    /// <summary>Every resource change, in the order of the document.</summary>
    public ImmutableArray<ResourceChange> Changes { get; init; } = [];

    /// <summary>Changes that already happened outside the tool (Terraform <c>resource_drift</c>): never counted as planned.</summary>
    public ImmutableArray<ResourceChange> Drift { get; init; } = [];

    public ImmutableArray<OutputChange> Outputs { get; init; } = [];

    /// <summary>Dependency edges from the plan's own data, for the blast radius.</summary>
    public ImmutableArray<DependencyEdge> Dependencies { get; init; } = [];

    /// <summary>Messages of the tool itself.</summary>
    public ImmutableArray<ToolMessage> Messages { get; init; } = [];

    /// <summary>True when the tool says planning failed.</summary>
    public bool Errored { get; init; }

    /// <summary>False when the tool says the plan is partial (-target, deferred changes); null when it does not say.</summary>
    public bool? Complete { get; init; }

    /// <summary>The address of every managed resource the prior state holds, when the input says (for "most of the state destroyed").</summary>
    public int? PriorResourceCount { get; init; }

    /// <summary>
    /// Terraform module calls: the module path (<c>module.db</c>, <c>module.db.module.replica</c>) to the
    /// <c>source</c> as written in its call (<c>./modules/db</c>, relative to the calling module's folder).
    /// Used to find the file that declares a resource (SARIF locations).
    /// </summary>
    public ImmutableSortedDictionary<string, string> ModuleSources { get; init; } = ImmutableSortedDictionary<string, string>.Empty;

    /// <summary>A human description of the stack or workspace (CloudFormation stack name, Pulumi stack).</summary>
    public string? Stack { get; init; }
}
