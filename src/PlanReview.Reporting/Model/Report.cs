using System.Collections.Immutable;
using PlanReview.Core.Analysis;
using PlanReview.Core.Model;

namespace PlanReview.Reporting.Model;

/// <summary>One input plan, as reports name it.</summary>
public sealed record ReportPlan(string Path, string Format, string? ToolVersion)
{
    /// <summary>Terraform module path to its <c>source</c> as written (for source locations); empty for other tools.</summary>
    public ImmutableSortedDictionary<string, string> ModuleSources { get; init; } = ImmutableSortedDictionary<string, string>.Empty;
}

/// <summary>One change worth reporting (not a no-op, or moved), already sorted and redacted.</summary>
public sealed record ReportChange
{
    public required string Address { get; init; }

    public string? PreviousAddress { get; init; }

    public required string Type { get; init; }

    public string? Provider { get; init; }

    public required ChangeAction Action { get; init; }

    public ReplaceOrder ReplaceOrder { get; init; }

    public ObjectFate Fate { get; init; }

    public string? Reason { get; init; }

    public required string Category { get; init; }

    public bool Importing { get; init; }

    public bool MayReplace { get; init; }

    public string? Deposed { get; init; }

    /// <summary>The plan this change belongs to.</summary>
    public required string Plan { get; init; }

    /// <summary>Transitive dependents (destroyed and replaced resources only), sorted.</summary>
    public ImmutableArray<string> Dependents { get; init; } = [];

    public string RawAction { get; init; } = string.Empty;

    public bool IsDestructive => Action.IsDestructive();
}

/// <summary>An affected resource of the blast radius, with the edge that brought it in.</summary>
public sealed record ReportAffected(string Address, string Root, string Via, string Source, int Depth, string Plan);

/// <summary>One edge of the blast-radius graph: <see cref="Dependent"/> depends directly on <see cref="Dependency"/>.</summary>
public sealed record ReportLink(string Dependency, string Dependent, string Plan);

/// <summary>The blast radius over all plans.</summary>
public sealed record ReportBlastRadius(ImmutableArray<string> Destroyed, ImmutableArray<string> Replaced, ImmutableArray<ReportAffected> Affected)
{
    /// <summary>
    /// Every direct edge reached from a destroyed or replaced resource (including edges between two of
    /// them, which <see cref="Affected"/> leaves out), sorted: the graph the Mermaid diagram draws.
    /// </summary>
    public ImmutableArray<ReportLink> Links { get; init; } = [];
}

/// <summary>
/// The one report model every writer renders (JSON, Markdown, SARIF, HTML): sorted, deterministic,
/// with secrets already masked by the readers.
/// </summary>
public sealed record Report(
    ImmutableArray<ReportPlan> Plans,
    ChangeSummary Summary,
    ImmutableArray<ReportChange> Changes,
    ReportBlastRadius BlastRadius,
    ImmutableArray<Diagnostic> Diagnostics,
    ImmutableArray<DiagnosticDescriptor> Rules,
    Decision Decision)
{
    public const int SchemaVersion = 1;

    /// <summary>
    /// The commit the plans were made from (the pull request's head in GitHub Actions), when known: the
    /// Action's merge mode refuses a report made for another commit than the one it gates.
    /// </summary>
    public string? Commit { get; init; }

    public IEnumerable<ReportChange> Destructive => Changes.Where(c => c.IsDestructive);

    public IEnumerable<Diagnostic> ActiveDiagnostics => Diagnostics.Where(d => !d.IsSuppressed);
}
