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
}
