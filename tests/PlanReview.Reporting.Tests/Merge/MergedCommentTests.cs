using System.Text.RegularExpressions;
using Markdig;
using Markdig.Extensions.Tables;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using PlanReview.Core.Model;
using PlanReview.Reporting.Html;
using PlanReview.Reporting.Markdown;
using PlanReview.Reporting.Merge;
using PlanReview.Reporting.Model;
using PlanReview.Reporting.Tests.Support;
using static PlanReview.Reporting.Tests.Merge.MergeCases;

namespace PlanReview.Reporting.Tests.Merge;

/// <summary>
/// The comment of a merged matrix of stacks: every destroyed or replaced row, finding and graph node says
/// its stack, the same address in two stacks stays two rows and two nodes, and stack names (which come
/// from paths a branch controls) are escaped like any plan text.
/// </summary>
public class MergedCommentTests
{
    private static readonly MarkdownPipeline Gfm = new MarkdownPipelineBuilder().UsePipeTables().UseAutoLinks().Build();

    [Theory]
    [InlineData("stacks/network/plan.json|stacks/database/plan.json", "network|database")]
    [InlineData("reports/network/report.json:plan.json|reports/database/report.json:plan.json", "network|database")]
    [InlineData("network:plan.json|database.json:plan.json", "network|database")]
    [InlineData("prod/network/plan.json|staging/network/plan.json|prod/database/plan.json", "prod/network|staging/network|database")]
    [InlineData("plans/network.json|plans/database.json", "network.json|database.json")]
    [InlineData("network.json|database.json", "network.json|database.json")]
    [InlineData(@"C:\stacks\network\plan.json|C:\stacks\database\plan.json", "network|database")]
    [InlineData(@"C:\r\network\report.json:plan.json|C:\r\database\report.json:plan.json", "network|database")]
    [InlineData("a/network/report.json:plan.json|stacks/network/plan.json", "a/network|stacks/network")]
    [InlineData("/tmp/a/network/report.json:/work/stacks/plan.json|/tmp/a/database/report.json:/work/stacks/plan.json", "network|database")]
    public void A_stack_is_named_by_the_shortest_folder_that_tells_it_apart(string paths, string expected)
    {
        var names = StackNames.Derive(paths.Split('|'));

        Assert.Equal(expected.Split('|'), paths.Split('|').Select(p => names[p]));
    }

    [Fact]
    public void One_plan_has_no_stack_name()
    {
        Assert.Empty(StackNames.Derive(["stacks/network/plan.json"]));
        Assert.Empty(StackNames.Derive(["plan.json", "plan.json"]));
        Assert.False(StackNames.For(FixtureReports.Report("mixed-destructive")).AreShown);
    }

    [Theory]
    [InlineData("reports/network/report.json:plan.json", "reports/network/report.json", "plan.json")]
    [InlineData(@"C:\reports\network\report.json:C:\stacks\network\plan.json", @"C:\reports\network\report.json", @"C:\stacks\network\plan.json")]
    [InlineData("network:plan.json", "network", "plan.json")]
    [InlineData("/tmp/network/report.json:/work/stacks/plan.json", "/tmp/network/report.json", "/work/stacks/plan.json")]
    [InlineData(@"C:\r\network\report.json:plan.json", @"C:\r\network\report.json", "plan.json")]
    [InlineData(@"C:\stacks\network\plan.json", null, @"C:\stacks\network\plan.json")]
    [InlineData("stacks/network/plan.json", null, "stacks/network/plan.json")]
    public void A_merged_plan_name_splits_back_into_report_and_plan(string name, string? report, string plan)
    {
        Assert.Equal((report, plan), ReportMerger.SplitPlanName(name));
        if (report is not null)
        {
            Assert.Equal(name, ReportMerger.PlanName(report, plan));
        }
    }

    [Fact]
    public void Two_stacks_destroying_the_same_address_show_two_rows_and_two_graph_nodes()
    {
        var report = ThreeStacks();
        var md = MarkdownReport.Render(report, Full);
        var document = Markdig.Markdown.Parse(md, Gfm);

        var table = document.Descendants<Table>().First();
        var rows = table.OfType<TableRow>().ToList();
        Assert.Equal(["Stack", "Action", "Resource"], rows[0].Take(3).Select(c => Text((TableCell)c)));
        Assert.All(rows, r => Assert.Equal(rows[0].Count, r.Count));
        var destroyed = rows.Skip(1).Select(r => (Stack: Code((TableCell)r[0]), Address: Code((TableCell)r[2]))).ToList();
        Assert.Contains(("network", "terraform_data.legacy_cron"), destroyed);
        Assert.Contains(("database", "terraform_data.legacy_cron"), destroyed);
        Assert.Contains(("database", "terraform_data.database"), destroyed);
        Assert.Contains(("network", "terraform_data.database"), destroyed);
        Assert.Equal(report.Destructive.Count(), destroyed.Count);
        Assert.Equal(["database", "edge", "network"], destroyed.Select(d => d.Stack).Distinct());

        // In the Mermaid graph, one subgraph per stack and one node per stack and address, edges inside a stack.
        var mermaid = Mermaid(document);
        var replaced = mermaid.Nodes.Where(n => n.Label == "replace: terraform_data.database").ToList();
        Assert.Equal(2, replaced.Count);
        Assert.Equal(["database", "network"], replaced.Select(n => n.Stack).Order(StringComparer.Ordinal));
        Assert.Equal(2, mermaid.Nodes.Count(n => n.Label == "terraform_data.api"));
        Assert.NotEmpty(mermaid.Edges);
        Assert.All(mermaid.Edges, e => Assert.Equal(mermaid.Nodes.Single(n => n.Id == e.From).Stack, mermaid.Nodes.Single(n => n.Id == e.To).Stack));
        Assert.Equal(mermaid.Nodes.Count, mermaid.Nodes.Select(n => n.Id).Distinct().Count());

        // The list under it names the stacks too, each with its own replaced resource and dependents.
        var list = md[md.IndexOf("<summary>Blast radius as a list</summary>", StringComparison.Ordinal)..];
        Assert.Matches(new Regex(@"^- stack `database`\n  - 🔁 replace `terraform_data.database`\n    - `terraform_data.api`\n", RegexOptions.Multiline), list);
        Assert.Matches(new Regex(@"^- stack `network`\n  - 🔁 replace `terraform_data.database`\n    - `terraform_data.api`\n", RegexOptions.Multiline), list);
    }

    [Fact]
    public void Every_finding_and_the_footer_name_their_stack()
    {
        var report = ThreeStacks();
        var md = MarkdownReport.Render(report, Full);

        var findings = md.Split('\n').Where(l => l.StartsWith("- [PRV", StringComparison.Ordinal)).ToList();
        Assert.Equal(report.Diagnostics.Length, findings.Count);
        Assert.All(findings, l => Assert.Matches(@"^- \[PRV\d{3}\]\([^)]+\) in `(network|database|edge)`: ", l));
        var prv103 = findings.Where(l => l.StartsWith("- [PRV103]", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, prv103.Count);
        Assert.Contains(prv103, l => l.Contains("in `network`:", StringComparison.Ordinal));
        Assert.Contains(prv103, l => l.Contains("in `database`:", StringComparison.Ordinal));

        // Each reason of the merged verdict says its stack, as a code span rather than the escaped REPORT:PATH.
        var reasons = md.Split("**Why a human must approve:**\n\n")[1].Split("\n\n")[0].Split('\n');
        Assert.Equal(report.Decision.Reasons.Length, reasons.Length);
        Assert.All(reasons, l => Assert.Matches(@"^- `(network|database|edge)`: \d+ (resources? (destroyed|replaced); |error findings? )", l));

        var footer = md.Split('\n').Single(l => l.StartsWith("<sub>", StringComparison.Ordinal));
        Assert.Contains("terraform `network`, terraform `database`, terraform `edge`", footer, StringComparison.Ordinal);
        Assert.DoesNotContain("plan.json", footer, StringComparison.Ordinal);

        // The other changes say their stack as well: the same creates in two stacks are two rows.
        var others = md[md.IndexOf("<details><summary>Other changes", StringComparison.Ordinal)..];
        Assert.Contains("| `network` | create | `terraform_data.cache` |", others, StringComparison.Ordinal);
        Assert.Contains("| `database` | create | `terraform_data.cache` |", others, StringComparison.Ordinal);
    }

    [Fact]
    public void A_merge_of_one_report_renders_as_that_report()
    {
        var report = FixtureReports.Report("mixed-destructive");

        var merged = ReportMerger.Merge([new("reports/network/report.json", report)], Catalog, null);

        // Only the reasons differ: a merged decision says which plan each comes from.
        var sameDecision = report with { Decision = merged.Decision };
        Assert.Equal(MarkdownReport.Render(sameDecision, Full), MarkdownReport.Render(merged, Full));
        Assert.Equal(MarkdownReport.Render(sameDecision, GoldenCases.Options), MarkdownReport.Render(merged, GoldenCases.Options));
        Assert.Contains($"- `{report.Plans[0].Path}`: 1 resource destroyed; the policy allows 0 without approval\n", MarkdownReport.Render(merged, Full), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(60_000)]
    [InlineData(8_000)]
    [InlineData(3_000)]
    public void The_stack_column_survives_the_size_budget_and_tables_stay_whole(int maxLength)
    {
        static Report Stack(string name) => FixtureReports.Build(FixtureReports.Analyze(new Plan
        {
            Source = "plan.json",
            Format = PlanFormat.Terraform,
            Changes =
            [
                .. Enumerable.Range(0, 150).Select(i => TestReports.Change($"aws_db_instance.db[{i}]", "aws_db_instance", ChangeAction.Replace, ReplaceOrder.DeleteFirst)),
                .. Enumerable.Range(0, 150).Select(i => TestReports.Change($"aws_instance.app[{i}]", "aws_instance", ChangeAction.Update)),
            ],
            Dependencies = [.. Enumerable.Range(0, 150).Select(i => new DependencyEdge($"aws_instance.app[{i}]", $"aws_db_instance.db[{i}]", "test"))],
        }));
        var merged = ReportMerger.Merge([new("reports/network/report.json", Stack("network")), new("reports/database/report.json", Stack("database"))], Catalog, null);

        var md = MarkdownReport.Render(merged, new MarkdownOptions { MaxLength = maxLength });

        Assert.True(md.Length <= maxLength, $"{md.Length} > {maxLength}");
        var document = Markdig.Markdown.Parse(md, Gfm);
        foreach (var table in document.Descendants<Table>())
        {
            var rows = table.OfType<TableRow>().ToList();
            Assert.Equal("Stack", Text((TableCell)rows[0][0]));
            Assert.All(rows, r => Assert.Equal(rows[0].Count, r.Count));
        }

        Assert.All(document.Descendants<FencedCodeBlock>(), f => Assert.EndsWith("class more more", f.Lines.ToString().TrimEnd(), StringComparison.Ordinal));
        Assert.Equal(md.Split("<details>").Length, md.Split("</details>").Length);
        Assert.Contains("shortened to fit", md, StringComparison.Ordinal);
    }

    [Fact]
    public void Hostile_stack_names_stay_in_code_spans_and_mermaid_labels()
    {
        string[] hostile = ["net`work|x <!-- planreview:v1 context=planreview --> @my-team", "db</details><img src=x onerror=alert(1)>```"];
        var report = FixtureReports.Report("mixed-destructive");
        var merged = ReportMerger.Merge(hostile.Select(h => new ReportFile($"reports/{h}/report.json", report)).ToArray(), Catalog, null);
        var names = StackNames.For(merged);
        var expected = merged.Plans.Select(p => names.Of(p.Path)!).ToList();
        Assert.Contains("net`work|x <!-- planreview:v1 context=planreview --> @my-team", expected);

        var md = MarkdownReport.Render(merged, new MarkdownOptions());
        var document = Markdig.Markdown.Parse(md, Gfm);

        var html = document.Descendants<HtmlInline>().Select(h => h.Tag).Concat(document.Descendants<HtmlBlock>().Select(b => b.Lines.ToString())).ToList();
        Assert.All(html, tag => Assert.Matches(@"^(\s*</?(details|summary|sub)>[^<>]*)+$", tag));
        Assert.DoesNotContain(document.Descendants<LiteralInline>(), l => l.Content.ToString().Contains('@', StringComparison.Ordinal) || l.Content.ToString().Contains("<!--", StringComparison.Ordinal));
        Assert.Empty(document.Descendants<AutolinkInline>());

        var rows = document.Descendants<Table>().First().OfType<TableRow>().ToList();
        Assert.All(rows, r => Assert.Equal(rows[0].Count, r.Count));
        Assert.Equal(expected.Order(StringComparer.Ordinal), rows.Skip(1).Select(r => Code((TableCell)r[0])).Distinct().Order(StringComparer.Ordinal));
        var code = document.Descendants<CodeInline>().Select(c => c.Content).ToList();
        Assert.All(expected, name => Assert.Contains(name, code));

        var mermaid = Mermaid(document);
        Assert.Equal(expected.Order(StringComparer.Ordinal), mermaid.Nodes.Select(n => n.Stack).Distinct().Order(StringComparer.Ordinal));
        Assert.All(mermaid.Lines.Where(l => l.Contains("[\"", StringComparison.Ordinal)), line => Assert.Matches("^ +(subgraph s|n)\\d+\\[\"[^\"`<>]*\"\\]$", line));

        var page = HtmlReportWriter.Render(merged, new HtmlOptions { ToolVersion = "0.0.0-golden" });
        Assert.DoesNotMatch("(?i)<(script|img|iframe)\\b", page);
        Assert.DoesNotContain("<!-- planreview", page, StringComparison.Ordinal);
        Assert.Contains("net`work|x &lt;!-- planreview:v1 context=planreview --&gt; @my-team", page, StringComparison.Ordinal);
    }

    [Fact]
    public void The_html_page_names_the_stacks_in_its_title_and_header()
    {
        var page = HtmlReportWriter.Render(ThreeStacks(), new HtmlOptions { ToolVersion = "0.0.0-golden" });

        Assert.Contains("<title>PlanReview: approval required (network, database, edge)</title>", page, StringComparison.Ordinal);
        Assert.Contains("<div class=\"plans\">terraform network · terraform database · terraform edge</div>", page, StringComparison.Ordinal);
    }

    /// <summary>
    /// Three matrix jobs that each analysed their own <c>plan.json</c>: network and database plan the same
    /// resources (both destroy <c>terraform_data.legacy_cron</c>), edge another module.
    /// </summary>
    private static Report ThreeStacks()
    {
        static Report Job(string fixture) => FixtureReports.Build(FixtureReports.Analyze(FixtureReports.LoadPlan(fixture) with { Source = "plan.json" }));
        return ReportMerger.Merge(
            [
                new("reports/network/report.json", Job("mixed-destructive")),
                new("reports/database/report.json", Job("mixed-destructive")),
                new("reports/edge/report.json", Job("removed-module")),
            ],
            Catalog,
            null);
    }

    private static string Text(TableCell cell) => string.Concat(cell.Descendants<LiteralInline>().Select(l => l.Content.ToString())).Trim();

    /// <summary>The cell's code span, with the <c>\|</c> that GFM needs in tables (Markdig keeps the backslash) undone.</summary>
    private static string Code(TableCell cell) => cell.Descendants<CodeInline>().Single().Content.Replace("\\|", "|", StringComparison.Ordinal);

    private static (List<string> Lines, List<(string Id, string Label, string Stack)> Nodes, List<(string From, string To)> Edges) Mermaid(MarkdownDocument document)
    {
        var lines = document.Descendants<FencedCodeBlock>().Single(f => f.Info == "mermaid").Lines.ToString().Split('\n').ToList();
        var nodes = new List<(string Id, string Label, string Stack)>();
        var edges = new List<(string From, string To)>();
        string? stack = null;
        foreach (var line in lines)
        {
            if (Regex.Match(line, """^  subgraph s\d+\["([^"]*)"\]$""") is { Success: true } open)
            {
                stack = MermaidSafetyTests.DecodeMermaid(open.Groups[1].Value);
            }
            else if (line == "  end")
            {
                stack = null;
            }
            else if (Regex.Match(line, """^    (n\d+)\["([^"]*)"\]$""") is { Success: true } node)
            {
                Assert.NotNull(stack);
                nodes.Add((node.Groups[1].Value, MermaidSafetyTests.DecodeMermaid(node.Groups[2].Value), stack));
            }
            else if (Regex.Match(line, @"^  (n\d+) --> (n\d+)$") is { Success: true } edge)
            {
                edges.Add((edge.Groups[1].Value, edge.Groups[2].Value));
            }
            else
            {
                Assert.Matches("""^(flowchart LR|  classDef .*|  class [n\d,]+ \w+|  class more more|  more\["[^"`<>&]*"\]|)$""", line);
            }
        }

        return (lines, nodes, edges);
    }
}
