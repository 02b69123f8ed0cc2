using Markdig;
using Markdig.Syntax;
using PlanReview.Core.Model;
using PlanReview.Reporting.Markdown;

namespace PlanReview.Reporting.Tests;

/// <summary>The size budget with a blast-radius graph: the graph shrinks or goes, but is never cut.</summary>
public class GraphBudgetTests
{
    [Theory]
    [InlineData(60_000)]
    [InlineData(12_000)]
    [InlineData(6_000)]
    [InlineData(2_500)]
    public void The_graph_block_is_whole_at_every_budget(int maxLength)
    {
        var plan = new Plan
        {
            Source = "big.json",
            Format = PlanFormat.Terraform,
            Changes =
            [
                .. Enumerable.Range(0, 300).Select(i => TestReports.Change($"aws_db_instance.db[\"tenant-{i}`<b>\"]", "aws_db_instance", ChangeAction.Replace, ReplaceOrder.DeleteFirst)),
                .. Enumerable.Range(0, 300).Select(i => TestReports.Change($"aws_instance.app[{i}]", "aws_instance", ChangeAction.Update)),
            ],
            Dependencies = [.. Enumerable.Range(0, 300).Select(i => new DependencyEdge($"aws_instance.app[{i}]", $"aws_db_instance.db[\"tenant-{i}`<b>\"]", "test"))],
        };
        var md = MarkdownReport.Render(TestReports.Build(plan), new MarkdownOptions { MaxLength = maxLength });

        Assert.True(md.Length <= maxLength, $"{md.Length} > {maxLength}");
        var document = Markdig.Markdown.Parse(md, new MarkdownPipelineBuilder().UsePipeTables().Build());
        var fences = document.Descendants<FencedCodeBlock>().ToList();
        if (maxLength >= 12_000)
        {
            Assert.Single(fences);
        }

        foreach (var fence in fences)
        {
            Assert.Equal("mermaid", fence.Info);
            Assert.True(fence.ClosingFencedCharCount >= 3, "the mermaid fence is not closed");
            Assert.EndsWith("class more more", fence.Lines.ToString().TrimEnd(), StringComparison.Ordinal);
        }

        Assert.Equal(md.Split("<details>").Length, md.Split("</details>").Length);
        Assert.Contains("shortened to fit", md, StringComparison.Ordinal);
    }
}
