namespace PlanReview.Reporting.Sarif;

/// <summary>How the SARIF log is written.</summary>
public sealed record SarifOptions
{
    public string ToolVersion { get; init; } = ToolInfo.Version;

    /// <summary>Finds the line that declares each resource; by default none (logical locations only).</summary>
    public ISourceLocator SourceLocator { get; init; } = NoSourceLocator.Instance;

    /// <summary>
    /// The absolute <c>file://</c> URI of the source root, written as <c>originalUriBaseIds.%SRCROOT%</c> when
    /// given. Left out by default: the log stays the same on every machine, and code scanning resolves
    /// <c>%SRCROOT%</c> to the checkout.
    /// </summary>
    public Uri? SourceRootUri { get; init; }
}
