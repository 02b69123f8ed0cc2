using Markdig;
using Markdig.Extensions.Tables;
using Markdig.Syntax;
using PlanReview.Core.Model;
using PlanReview.Reporting.Markdown;

namespace PlanReview.Reporting.Tests;

public class MarkdownReportTests
{
    [Fact]
    public void The_first_line_is_the_verdict_with_counts()
    {
        var md = MarkdownReport.Render(TestReports.Build(TestReports.HostilePlan()), new MarkdownOptions());
        var first = md.Split('\n')[0];
        Assert.Equal("### 🛑 PlanReview: approval required — 10 to destroy, 1 to replace", first);
    }

    [Fact]
    public void A_safe_plan_gets_a_short_comment()
    {
        var plan = new Plan
        {
            Source = "p.json",
            Format = PlanFormat.Terraform,
            Changes = [TestReports.Change("aws_instance.web", "aws_instance", ChangeAction.Update), TestReports.Change("aws_instance.x", "aws_instance", ChangeAction.Create)],
        };
        var md = MarkdownReport.Render(TestReports.Build(plan), new MarkdownOptions());
        Assert.StartsWith("### ✅ PlanReview: no destructive change\n\n**1** create · **1** update\n\n<sub>", md, StringComparison.Ordinal);
        Assert.DoesNotContain("<details>", md, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_plan_gives_the_same_comment_byte_for_byte()
    {
        var a = MarkdownReport.Render(TestReports.Build(TestReports.HostilePlan()), new MarkdownOptions());
        var b = MarkdownReport.Render(TestReports.Build(TestReports.HostilePlan() with { Changes = [.. TestReports.HostilePlan().Changes.Reverse()] }), new MarkdownOptions());
        Assert.Equal(a, b);
    }

    [Fact]
    public void Dependents_are_listed_next_to_the_replaced_resource()
    {
        var md = MarkdownReport.Render(TestReports.Build(TestReports.HostilePlan()), new MarkdownOptions());
        Assert.Contains("| 🔁 **replace** (destroy first) | `aws_db_instance.db` | `aws_db_instance` | data | — | 1: `aws_instance.web` |", md, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(200, 60_000)]
    [InlineData(5_000, 60_000)]
    [InlineData(100_000, 60_000)]
    [InlineData(5_000, 4_000)]
    public void Large_plans_degrade_to_fit_and_say_what_they_left_out(int destroyed, int maxLength)
    {
        var plan = new Plan
        {
            Source = "big.json",
            Format = PlanFormat.Terraform,
            Changes =
            [
                .. Enumerable.Range(0, destroyed).Select(i => TestReports.Change($"aws_s3_bucket.logs[{i}]", "aws_s3_bucket", ChangeAction.Delete)),
                .. Enumerable.Range(0, 2_000).Select(i => TestReports.Change($"aws_instance.web[{i}]", "aws_instance", ChangeAction.Create)),
            ],
        };
        var md = MarkdownReport.Render(TestReports.Build(plan), new MarkdownOptions { MaxLength = maxLength, FullReportUrl = "https://github.com/o/r/actions/runs/1" });

        Assert.True(md.Length <= maxLength, $"{md.Length} > {maxLength}");
        Assert.Contains("shortened to fit", md, StringComparison.Ordinal);
        Assert.Contains($"**{destroyed}** destroy", md, StringComparison.Ordinal);

        var document = Markdig.Markdown.Parse(md, new MarkdownPipelineBuilder().UsePipeTables().Build());
        foreach (var table in document.Descendants<Table>())
        {
            var rows = table.OfType<TableRow>().ToList();
            Assert.All(rows, r => Assert.Equal(rows[0].Count, r.Count));
        }

        Assert.Equal(md.Split("<details>").Length, md.Split("</details>").Length);
        Assert.Equal(0, md.Split('\n').Sum(line => line.Count(c => c == '`')) % 2);
    }
}
