using Markdig;
using Markdig.Extensions.Tables;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using PlanReview.Reporting.Markdown;

namespace PlanReview.Reporting.Tests;

/// <summary>
/// Text from a plan can hold anything. These tests parse our Markdown the way a renderer would and
/// check that no HTML, link, mention or marker comes from plan text, and that tables stay whole.
/// </summary>
public class MarkdownSafetyTests
{
    private static readonly MarkdownPipeline Gfm = new MarkdownPipelineBuilder().UsePipeTables().UseAutoLinks().Build();

    private static readonly string Rendered = MarkdownReport.Render(TestReports.Build(TestReports.HostilePlan()), new MarkdownOptions());

    private static readonly MarkdownDocument Document = Markdig.Markdown.Parse(Rendered, Gfm);

    [Fact]
    public void Only_our_own_html_tags_appear()
    {
        var html = Document.Descendants<HtmlInline>().Select(h => h.Tag)
            .Concat(Document.Descendants<HtmlBlock>().Select(b => b.Lines.ToString()))
            .ToList();
        Assert.NotEmpty(html);
        foreach (var tag in html)
        {
            Assert.Matches(@"^(\s*</?(details|summary|sub)>\s*)+", tag);
            Assert.DoesNotContain("img", tag, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("script", tag, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("<!--", tag, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void No_link_points_anywhere_but_our_rule_pages()
    {
        var links = Document.Descendants<LinkInline>().Select(l => l.Url ?? string.Empty).ToList();
        Assert.NotEmpty(links);
        Assert.All(links, url => Assert.StartsWith("https://github.com/planreview/planreview/", url, StringComparison.Ordinal));
        Assert.Empty(Document.Descendants<AutolinkInline>());
    }

    [Fact]
    public void Mentions_and_markers_only_ever_appear_inside_code_spans()
    {
        var plainText = Document.Descendants<LiteralInline>().Select(l => l.Content.ToString()).ToList();
        Assert.DoesNotContain(plainText, t => t.Contains('@', StringComparison.Ordinal));
        Assert.DoesNotContain(plainText, t => t.Contains("planreview:v1", StringComparison.Ordinal));

        var code = string.Join("\n", Document.Descendants<CodeInline>().Select(c => c.Content));
        Assert.Contains("@my-org/platform-team please look", code, StringComparison.Ordinal);
        Assert.Contains("<!-- planreview:v1 context=planreview -->", code, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_hostile_key_survives_verbatim_in_a_code_span_and_tables_keep_their_shape()
    {
        var table = Document.Descendants<Table>().First();
        var rows = table.OfType<TableRow>().ToList();
        var width = rows[0].Count;
        Assert.All(rows, r => Assert.Equal(width, r.Count));

        // GFM (spec example 200) unescapes \| inside code spans in tables; Markdig keeps the backslash.
        var addresses = rows.Skip(1)
            .Select(r => ((TableCell)r[1]).Descendants<CodeInline>().Single().Content.Replace("\\|", "|", StringComparison.Ordinal))
            .ToList();
        foreach (var key in TestReports.HostileKeys)
        {
            var visible = key.Replace("\n", "\\n", StringComparison.Ordinal);
            Assert.Contains($"aws_s3_bucket.b[\"{visible}\"]", addresses);
        }
    }

    [Fact]
    public void Details_blocks_are_balanced()
    {
        // Counted on the parsed document: a "</details>" inside a code span is text, not a tag.
        var tags = Document.Descendants<HtmlBlock>().Select(b => b.Lines.ToString())
            .Concat(Document.Descendants<HtmlInline>().Select(h => h.Tag))
            .ToList();
        var opened = tags.Sum(t => t.Split("<details>").Length - 1);
        var closed = tags.Sum(t => t.Split("</details>").Length - 1);
        Assert.Equal(opened, closed);
        Assert.True(opened >= 1);
    }

    [Theory]
    [InlineData("plain", "`plain`")]
    [InlineData("a`b", "``a`b``")]
    [InlineData("`x`", "`` `x` ``")]
    [InlineData("a|b", "`a\\|b`")]
    [InlineData("", "` `")]
    [InlineData("a\u202Eb", "`a\\u202eb`")]
    public void Code_spans_fence_backticks_and_escape_pipes(string text, string expected) =>
        Assert.Equal(expected, MarkdownText.Code(text));

    [Fact]
    public void Messages_render_their_plan_arguments_as_code()
    {
        var md = MarkdownText.Format("{0} ({1}) will be destroyed; {2} resources depend on it", ["<b>x</b>", "t_y", "3"]);
        Assert.Equal("`<b>x</b>` \\(`t_y`\\) will be destroyed; 3 resources depend on it", md);
    }
}
