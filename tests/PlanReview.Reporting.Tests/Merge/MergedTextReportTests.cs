using System.Text.RegularExpressions;
using PlanReview.Core.Model;
using PlanReview.Reporting.Merge;
using PlanReview.Reporting.Model;
using PlanReview.Reporting.Tests.Support;
using PlanReview.Reporting.Text;
using static PlanReview.Reporting.Tests.Merge.MergeCases;

namespace PlanReview.Reporting.Tests.Merge;

/// <summary>
/// The terminal summary of a merged matrix of stacks (<c>planreview merge</c>, <c>analyze</c> of several plans):
/// every destroyed or replaced line and every finding line says its stack in an aligned column; a report of
/// one plan prints without it.
/// </summary>
public class MergedTextReportTests
{
    [Fact]
    public void Two_stacks_destroying_the_same_address_show_both_lines_with_their_stack()
    {
        var single = FixtureReports.Report("mixed-destructive");
        var merged = TwoStacks("network", "database");
        var lines = Lines(Render(merged));

        var destructive = DestructiveLines(lines);
        Assert.Equal(2 * single.Destructive.Count(), destructive.Count);
        foreach (var stack in new[] { "network", "database" })
        {
            Assert.Single(destructive, l => Regex.IsMatch(l, $@"^  destroy +{stack} +terraform_data\.legacy_cron +terraform_data "));
            Assert.Equal(
                single.Destructive.Select(c => c.Address).Order(StringComparer.Ordinal),
                destructive.Select(Columns).Where(c => c[1] == stack).Select(c => c[2]).Order(StringComparer.Ordinal));
        }

        // One block per stack, in stack-name order, and the columns stay aligned across stacks.
        Assert.Equal(["database", "network"], destructive.Select(l => Columns(l)[1]).Distinct());
        Assert.Single(destructive.Select(l => l.IndexOf("terraform_data.", StringComparison.Ordinal)).Distinct());

        var findings = FindingLines(lines);
        Assert.NotEmpty(findings);
        Assert.Equal(2 * single.ActiveDiagnostics.Count(), findings.Count);
        Assert.All(findings, l => Assert.Matches(@"^  (error|warning|info) +(network|database) +PRV\d{3} +\S", l));
        Assert.Equal(findings.Count(l => Columns(l)[1] == "network"), findings.Count(l => Columns(l)[1] == "database"));
    }

    [Fact]
    public void A_one_plan_report_prints_without_a_stack_column()
    {
        var report = FixtureReports.Report("mixed-destructive");
        var lines = Lines(Render(report));

        var destructive = DestructiveLines(lines);
        Assert.Equal(report.Destructive.Count(), destructive.Count);
        foreach (var change in report.Destructive)
        {
            var action = change.Action == ChangeAction.Delete ? "destroy" : "replace";
            Assert.Single(destructive, l => Regex.IsMatch(l, $@"^  {action} +{Regex.Escape(change.Address)} +{Regex.Escape(change.Type)} +{Regex.Escape(change.Category)}\b"));
        }

        var findings = FindingLines(lines);
        Assert.Equal(report.ActiveDiagnostics.Count(), findings.Count);
        Assert.All(findings, l => Assert.Matches(@"^  (error|warning|info) +PRV\d{3} +\S", l));

        // Merging one report changes nothing the terminal shows but the reasons' prefix.
        var merged = ReportMerger.Merge([new ReportFile("r.json", report)], Catalog, null);
        Assert.Equal(DestructiveLines(lines).Concat(FindingLines(lines)), DestructiveLines(Lines(Render(merged))).Concat(FindingLines(Lines(Render(merged)))));
    }

    [Fact]
    public void A_finding_about_no_plan_has_a_dash_for_its_stack()
    {
        var merged = TwoStacks("network", "database");
        var planless = merged.Diagnostics.First(d => !d.IsSuppressed) with { PlanSource = null };
        var report = merged with { Diagnostics = [planless] };

        var findings = FindingLines(Lines(Render(report)));

        Assert.Matches(@"^  (error|warning|info) +— +PRV\d{3} +\S", Assert.Single(findings));
    }

    [Fact]
    public void Control_characters_in_a_stack_name_never_reach_the_terminal()
    {
        var merged = TwoStacks("net\u001b]0;pwned\u0007work", "data\u202ebase");

        var text = Render(merged);

        Assert.DoesNotContain(text, c => char.IsControl(c) && c != '\n');
        Assert.DoesNotContain('\u202e', text);
        Assert.Contains(@"net\u001b]0;pwned\u0007work", text, StringComparison.Ordinal);
        Assert.Contains(@"data\u202ebase", text, StringComparison.Ordinal);
    }

    /// <summary>Two matrix jobs that each analysed their own <c>plan.json</c> of the same resources.</summary>
    private static Report TwoStacks(string first, string second)
    {
        var job = FixtureReports.Build(FixtureReports.Analyze(FixtureReports.LoadPlan("mixed-destructive") with { Source = "plan.json" }));
        return ReportMerger.Merge([new($"reports/{first}/report.json", job), new($"reports/{second}/report.json", job)], Catalog, null);
    }

    private static string Render(Report report)
    {
        using var output = new StringWriter { NewLine = "\n" };
        TextReport.Write(report, output, color: false);
        return output.ToString();
    }

    private static List<string> Lines(string text) => text.Split('\n').ToList();

    private static List<string> DestructiveLines(List<string> lines) =>
        lines.Where(l => l.StartsWith("  destroy ", StringComparison.Ordinal) || l.StartsWith("  replace ", StringComparison.Ordinal)).ToList();

    private static List<string> FindingLines(List<string> lines) =>
        lines.Where(l => Regex.IsMatch(l, @"^  (error|warning|info) ")).ToList();

    private static string[] Columns(string line) => Regex.Split(line.Trim(), " {2,}");
}
