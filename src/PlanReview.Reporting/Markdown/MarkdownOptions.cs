using PlanReview.Reporting.Model;

namespace PlanReview.Reporting.Markdown;

/// <summary>How the Markdown report is rendered.</summary>
public sealed record MarkdownOptions
{
    /// <summary>GitHub rejects a comment over 65,536 characters; we stay below with room for the sticky-comment envelope.</summary>
    public const int GitHubCommentLimit = 65_536;

    /// <summary>The approval section (only in the Action).</summary>
    public ApprovalSummary? Approval { get; init; }

    /// <summary>Where the full report is (job summary, artifact), named when the comment leaves something out.</summary>
    public string? FullReportUrl { get; init; }

    /// <summary>The most characters the rendered report may have; it degrades step by step to fit.</summary>
    public int MaxLength { get; init; } = 60_000;

    public string ToolVersion { get; init; } = ToolInfo.Version;

    /// <summary>When nothing is destroyed or replaced, render a short comment (verdict and counts only).</summary>
    public bool QuietWhenSafe { get; init; } = true;

    /// <summary>The most nodes the blast-radius graph draws; the rest are counted in one "N more" node.</summary>
    public int MaxGraphNodes { get; init; } = BlastRadiusGraph.DefaultMaxNodes;

    /// <summary>
    /// Draw the blast radius as a Mermaid diagram, with the nested list folded under it (GitHub). When
    /// false (the HTML page, which runs no script), only the nested list is shown, unfolded.
    /// </summary>
    public bool MermaidGraph { get; init; } = true;
}
