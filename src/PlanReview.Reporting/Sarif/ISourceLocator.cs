using PlanReview.Reporting.Model;

namespace PlanReview.Reporting.Sarif;

/// <summary>
/// A line of code that declares a resource: <see cref="Uri"/> is relative to the source root
/// (SARIF's <c>%SRCROOT%</c>), with forward slashes; lines and columns start at 1.
/// </summary>
public sealed record SourceLocation(string Uri, int StartLine, int StartColumn);

/// <summary>Maps a resource address of a plan to the line that declares it, when that can be found.</summary>
public interface ISourceLocator
{
    /// <returns>The declaring line, or null when it cannot be found (no guess is better than a wrong one).</returns>
    SourceLocation? Locate(ReportPlan plan, string address);
}

/// <summary>The locator that finds nothing: findings carry logical locations (addresses) only.</summary>
public sealed class NoSourceLocator : ISourceLocator
{
    public static NoSourceLocator Instance { get; } = new();

    public SourceLocation? Locate(ReportPlan plan, string address) => null;
}
