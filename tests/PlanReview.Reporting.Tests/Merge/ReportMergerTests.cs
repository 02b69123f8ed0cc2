using Newtonsoft.Json.Linq;
using PlanReview.Core.Configuration;
using PlanReview.Reporting.Json;
using PlanReview.Reporting.Markdown;
using PlanReview.Reporting.Merge;
using PlanReview.Reporting.Model;
using PlanReview.Reporting.Tests.Support;
using static PlanReview.Reporting.Tests.Merge.MergeCases;

namespace PlanReview.Reporting.Tests.Merge;

/// <summary>
/// Merged reports are lossless: a report that went through its JSON file renders as it did before,
/// and in a merge of several stacks each stack's findings, rows and blast-radius edges stay its own.
/// </summary>
public class ReportMergerTests
{
    public static readonly TheoryData<string> Fixtures = new(GoldenCases.Fixtures);

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void A_report_read_back_from_json_renders_the_same_comment(string fixture)
    {
        var original = FixtureReports.Report(fixture);

        var readBack = RoundTrip(original, fixture);

        Assert.Equal(MarkdownReport.Render(original, Full), MarkdownReport.Render(readBack, Full));
    }

    [Fact]
    public void Each_stack_of_a_merge_renders_its_findings_and_rows_as_its_own_report_did()
    {
        string[] stacks = ["mixed-destructive", "removed-module", "replace-create-first", "hostile-keys", "tainted"];
        var own = stacks.Select(FixtureReports.Report).ToArray();

        var merged = ReportMerger.Merge(stacks.Zip(own, (s, r) => new ReportFile($"{s}.json", RoundTrip(r, s))).ToArray(), Catalog, null);
        var mergedMd = MarkdownReport.Render(merged, Full);

        // The plans are tests/fixtures/terraform/STACK/plan.json: each stack is named by its folder, and its
        // lines are its own report's lines with that name added (after the rule link, in a first column).
        var expectedFindings = stacks.Zip(own).SelectMany(x => Lines(MarkdownReport.Render(x.Second, Full), "#### Findings", "- [")
                .Select(l => l.Insert(l.IndexOf(") ", StringComparison.Ordinal) + 1, $" in `{x.First}`:")))
            .Order(StringComparer.Ordinal);
        var mergedFindings = Lines(mergedMd, "#### Findings", "- [").Order(StringComparer.Ordinal);
        Assert.NotEmpty(mergedFindings);
        Assert.Equal(expectedFindings, mergedFindings);

        // A message with arguments keeps its prose outside the code spans: not one span holding the whole message.
        Assert.Contains(mergedFindings, l => l.Contains("](", StringComparison.Ordinal) && l.Count(c => c == '`') >= 4 && !l.EndsWith('`'));

        var expectedRows = stacks.Zip(own).SelectMany(x => Lines(MarkdownReport.Render(x.Second, Full), "#### Destroyed and replaced", "| ").Where(IsRow)
                .Select(l => $"| `{x.First}` {l}"))
            .Order(StringComparer.Ordinal);
        Assert.Equal(expectedRows, Lines(mergedMd, "#### Destroyed and replaced", "| ").Where(IsRow).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Edges_keep_their_stack_when_two_stacks_destroy_the_same_address()
    {
        // Every job analysed "its" plan.json, with the same addresses: only the recorded plan tells the edges apart.
        var report = FixtureReports.Report("mixed-destructive");
        Assert.NotEmpty(report.BlastRadius.Affected);
        var a = RoundTrip(report, "a");
        var b = RoundTrip(report, "b");

        var merged = RoundTrip(ReportMerger.Merge([new("stack-a/report.json", a), new("stack-b/report.json", b)], Catalog, null), "merged");

        var plan = report.Plans[0].Path;
        var byPlan = merged.BlastRadius.Affected.GroupBy(e => e.Plan).ToDictionary(g => g.Key, g => g.ToArray());
        Assert.Equal([$"stack-a/report.json:{plan}", $"stack-b/report.json:{plan}"], byPlan.Keys.Order(StringComparer.Ordinal));
        Assert.All(byPlan.Values, edges => Assert.Equal(report.BlastRadius.Affected.Select(e => e with { Plan = string.Empty }), edges.Select(e => e with { Plan = string.Empty })));
        var linksByPlan = merged.BlastRadius.Links.GroupBy(l => l.Plan).ToArray();
        Assert.Equal(2, linksByPlan.Length);
        Assert.All(linksByPlan, g => Assert.Equal(report.BlastRadius.Links.Length, g.Count()));
    }

    [Fact]
    public void A_report_without_the_new_fields_is_still_read_and_infers_the_edge_plan_from_its_root()
    {
        var report = FixtureReports.Report("mixed-destructive");
        var json = JObject.Parse(JsonReportWriter.Render(report));
        json.Remove("commit");
        ((JObject)json["blastRadius"]!).Remove("links");
        foreach (var edge in json["blastRadius"]!["edges"]!.Cast<JObject>())
        {
            edge.Remove("plan");
        }

        foreach (var d in json["diagnostics"]!.Cast<JObject>())
        {
            d.Remove("arguments");
            d.Remove("resourceType");
        }

        using var text = new StringReader(json.ToString());
        var old = JsonReportReader.Read(text, "old.json", Catalog);

        Assert.Null(old.Commit);
        Assert.All(old.BlastRadius.Affected, e => Assert.Equal(report.Plans[0].Path, e.Plan));
        Assert.All(old.Diagnostics, d => Assert.Empty(d.MessageArgs));
        Assert.Equal(report.Diagnostics.Select(d => d.Message), old.Diagnostics.Select(d => d.Message));
    }

    [Fact]
    public void The_merged_commit_is_the_common_one_or_none()
    {
        var r = RoundTrip(FixtureReports.Report("create-only"), "c");
        ReportFile File(string path, string? commit) => new(path, r with { Commit = commit });

        Assert.Equal("abc123", ReportMerger.Merge([File("a", "abc123"), File("b", "ABC123")], Catalog, null).Commit);
        Assert.Null(ReportMerger.Merge([File("a", "abc123"), File("b", "def456")], Catalog, null).Commit);
        Assert.Null(ReportMerger.Merge([File("a", "abc123"), File("b", null)], Catalog, null).Commit);
    }

    [Fact]
    public void A_policy_checks_the_summed_counts_and_no_input_is_an_error()
    {
        var r = FixtureReports.Report("count-index-deletes");
        var destroys = r.Decision.DestroyCount;
        Assert.True(destroys > 0);
        var policy = Policy.Default with { MaxDestroy = (2 * destroys) - 1 };

        var merged = ReportMerger.Merge([new("a", r), new("b", r)], Catalog, policy);

        Assert.Equal(2 * destroys, merged.Decision.DestroyCount);
        Assert.Contains($"{2 * destroys} resources destroyed across the stacks; the policy allows {(2 * destroys) - 1} without approval", merged.Decision.Reasons);
        Assert.Throws<ReportReadException>(() => ReportMerger.Merge([], Catalog, null));
    }

    private static Report RoundTrip(Report report, string source)
    {
        using var text = new StringReader(JsonReportWriter.Render(report));
        return JsonReportReader.Read(text, source, Catalog);
    }

    private static bool IsRow(string line) =>
        !line.StartsWith("| ---", StringComparison.Ordinal) && !line.StartsWith("| Action", StringComparison.Ordinal) && !line.StartsWith("| Stack", StringComparison.Ordinal);

    /// <summary>The lines of one section (from its heading to the next heading or block) that start with <paramref name="prefix"/>.</summary>
    private static List<string> Lines(string markdown, string heading, string prefix)
    {
        var lines = markdown.Split('\n');
        var start = Array.IndexOf(lines, heading);
        if (start < 0)
        {
            return [];
        }

        return lines.Skip(start + 1)
            .TakeWhile(l => !l.StartsWith("#### ", StringComparison.Ordinal) && !l.StartsWith("<details>", StringComparison.Ordinal) && !l.StartsWith("<sub>", StringComparison.Ordinal))
            .Where(l => l.StartsWith(prefix, StringComparison.Ordinal))
            .ToList();
    }
}
