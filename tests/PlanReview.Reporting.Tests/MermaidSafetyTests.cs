using System.Text.RegularExpressions;
using Markdig;
using Markdig.Extensions.Tables;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using PlanReview.Core.Model;
using PlanReview.Reporting.Markdown;
using PlanReview.Reporting.Tests.Support;

namespace PlanReview.Reporting.Tests;

/// <summary>
/// The real hostile-keys plan (made by terraform, for_each keys such as <c>&lt;/details&gt;</c>,
/// <c>&lt;img onerror&gt;</c>, backticks, pipes, new lines), given dependency edges so that its hostile
/// addresses are drawn in the Mermaid graph too. Parsed with Markdig the way a renderer would.
/// </summary>
public class MermaidSafetyTests
{
    private static readonly MarkdownPipeline Gfm = new MarkdownPipelineBuilder().UsePipeTables().UseAutoLinks().Build();

    private static readonly Plan HostilePlan = HostileWithDependents();

    private static readonly string Rendered = MarkdownReport.Render(FixtureReports.Build(FixtureReports.Analyze(HostilePlan)), new MarkdownOptions());

    private static readonly MarkdownDocument Document = Markdig.Markdown.Parse(Rendered, Gfm);

    [Fact]
    public void The_graph_is_one_mermaid_fence_and_plan_text_never_closes_it()
    {
        var fences = Document.Descendants<FencedCodeBlock>().ToList();
        var mermaid = Assert.Single(fences);
        Assert.Equal("mermaid", mermaid.Info);
        var lines = mermaid.Lines.ToString().Split('\n');
        Assert.Equal("flowchart LR", lines[0]);

        // Every line is one of the statements we write: plan text appears only inside ["..."] labels.
        var statement = new Regex("""^  (classDef \w+ [\w:#,\- ]+|n\d+\["[^"`<>&\\]*(\\[nrtu][0-9a-f]*[^"`<>&\\]*)*"\]|more\["[^"`<>&]*"\]|n\d+ --> n\d+|class [n\d,]+ \w+|class more more)$""");
        Assert.All(lines.Skip(1), line => Assert.Matches(statement, line));
    }

    [Fact]
    public void Every_hostile_address_is_drawn_and_labels_decode_back_to_it()
    {
        var labels = Document.Descendants<FencedCodeBlock>().Single().Lines.ToString().Split('\n')
            .Select(l => Regex.Match(l, """^  n\d+\["(?:destroy: |replace: )?(.*)"\]$"""))
            .Where(m => m.Success)
            .Select(m => DecodeMermaid(m.Groups[1].Value))
            .ToList();
        var destructive = HostilePlan.Changes.Where(c => c.Action.IsDestructive()).Select(c => c.Address.Replace("\n", "\\n", StringComparison.Ordinal));
        Assert.All(destructive, address => Assert.Contains(address, labels));
    }

    [Fact]
    public void The_text_fallback_keeps_plan_text_in_code_spans_inside_a_balanced_details_block()
    {
        var list = Document.Descendants<ListBlock>().Where(l => l.Descendants<CodeInline>().Any(c => c.Content.Contains("onerror", StringComparison.Ordinal))).ToList();
        Assert.NotEmpty(list);
        foreach (var item in list.SelectMany(l => l.Descendants<ParagraphBlock>()))
        {
            Assert.Empty(item.Descendants<HtmlInline>());
            Assert.DoesNotContain(item.Descendants<LiteralInline>(), l => l.Content.ToString().Contains('<', StringComparison.Ordinal));
        }

        var tags = Document.Descendants<HtmlBlock>().Select(b => b.Lines.ToString()).Concat(Document.Descendants<HtmlInline>().Select(h => h.Tag)).ToList();
        Assert.All(tags, tag => Assert.Matches(@"^(\s*</?(details|summary|sub)>[^<>]*)+$", tag));
        Assert.Equal(tags.Sum(t => Regex.Count(t, "<details>")), tags.Sum(t => Regex.Count(t, "</details>")));
    }

    [Fact]
    public void The_real_hostile_plan_keeps_its_table_whole_and_every_key_in_a_code_span()
    {
        var table = Document.Descendants<Table>().First();
        var rows = table.OfType<TableRow>().ToList();
        Assert.All(rows, r => Assert.Equal(rows[0].Count, r.Count));
        var addresses = rows.Skip(1).Select(r => ((TableCell)r[1]).Descendants<CodeInline>().Single().Content.Replace("\\|", "|", StringComparison.Ordinal)).ToList();
        Assert.Contains("terraform_data.item[\"</details>\"]", addresses);
        Assert.Contains("terraform_data.item[\"<img src=x onerror=alert(1)>\"]", addresses);
        Assert.Contains("terraform_data.item[\"`rm -rf /`\"]", addresses);
        Assert.Contains("terraform_data.item[\"a|b|c\"]", addresses);
        Assert.Contains("terraform_data.item[\"line1\\nline2\"]", addresses);
        Assert.Contains("module.tenant[\"<script>alert(1)</script>\"].terraform_data.this", addresses);
        Assert.DoesNotContain(Document.Descendants<LiteralInline>(), l => l.Content.ToString().Contains("planreview:marker", StringComparison.Ordinal));
        Assert.Empty(Document.Descendants<AutolinkInline>());
        Assert.All(Document.Descendants<LinkInline>(), l => Assert.StartsWith("https://github.com/planreview/planreview/", l.Url, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("plain.name", "plain.name")]
    [InlineData("a[\"k\"]", "a[#34;k#34;]")]
    [InlineData("</details><img src=x onerror=alert(1)>", "#60;/details#62;#60;img src=x onerror=alert(1)#62;")]
    [InlineData("```", "#96;#96;#96;")]
    [InlineData("#quot;", "#35;quot#59;")]
    [InlineData("a\nb", "a\\nb")]
    [InlineData("x\u202Ey", "x\\u202ey")]
    [InlineData("é & ü", "é #38; ü")]
    public void Labels_are_entity_escaped(string text, string expected) =>
        Assert.Equal(expected, BlastRadiusGraph.Label(text));

    [Fact]
    public void A_large_blast_radius_is_capped_with_an_n_more_node()
    {
        var plan = new Plan
        {
            Source = "big.json",
            Format = PlanFormat.Terraform,
            Changes =
            [
                TestReports.Change("aws_vpc.main", "aws_vpc", ChangeAction.Replace, ReplaceOrder.DeleteFirst),
                .. Enumerable.Range(0, 100).Select(i => TestReports.Change($"aws_instance.web[{i}]", "aws_instance", ChangeAction.Update)),
            ],
            Dependencies = [.. Enumerable.Range(0, 100).Select(i => new DependencyEdge($"aws_instance.web[{i}]", "aws_vpc.main", "test"))],
        };
        var md = MarkdownReport.Render(TestReports.Build(plan), new MarkdownOptions());
        var mermaid = Markdig.Markdown.Parse(md).Descendants<FencedCodeBlock>().Single().Lines.ToString();
        Assert.Equal(BlastRadiusGraph.DefaultMaxNodes, Regex.Count(mermaid, @"^  n\d+\[", RegexOptions.Multiline));
        Assert.Contains("more[\"… 61 more\"]", mermaid, StringComparison.Ordinal);
        Assert.Contains("- … 61 more", md, StringComparison.Ordinal);
    }

    /// <summary>The real plan, with the created key made a dependent of every destroyed or replaced one (the fixture has no edges of its own).</summary>
    private static Plan HostileWithDependents()
    {
        var plan = FixtureReports.LoadPlan("hostile-keys");
        var created = plan.Changes.Single(c => c.Action == ChangeAction.Create).Address;
        return plan with
        {
            Dependencies = [.. plan.Dependencies, .. plan.Changes.Where(c => c.Action.IsDestructive()).Select(c => new DependencyEdge(created, c.Address, "test"))],
        };
    }

    internal static string DecodeMermaid(string label) =>
        Regex.Replace(label, "#([0-9]+);", m => ((char)int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToString());
}
