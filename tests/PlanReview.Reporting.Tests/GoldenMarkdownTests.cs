using PlanReview.Reporting.Markdown;
using PlanReview.Reporting.Tests.Support;

namespace PlanReview.Reporting.Tests;

/// <summary>The PR comment for real plans, byte for byte (see <see cref="Golden"/> to regenerate).</summary>
public class GoldenMarkdownTests
{
    public static readonly TheoryData<string> Fixtures = new(GoldenCases.Fixtures);

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Comment_matches_its_golden_file(string fixture)
    {
        var md = MarkdownReport.Render(FixtureReports.Report(fixture), GoldenCases.Options);
        Golden.Verify($"{fixture}.md", md);
    }

    [Fact]
    public void The_comment_is_the_same_on_every_run()
    {
        var a = MarkdownReport.Render(FixtureReports.Report("mixed-destructive"), GoldenCases.Options);
        var b = MarkdownReport.Render(FixtureReports.Report("mixed-destructive"), GoldenCases.Options);
        Assert.Equal(a, b);
    }
}

/// <summary>The fixtures every golden test renders, and the fixed options that keep the output stable across versions.</summary>
internal static class GoldenCases
{
    public static readonly string[] Fixtures = ["mixed-destructive", "hostile-keys", "removed-module", "replace-create-first", "create-only", "tainted"];

    public static MarkdownOptions Options { get; } = new() { ToolVersion = "0.0.0-golden" };
}
