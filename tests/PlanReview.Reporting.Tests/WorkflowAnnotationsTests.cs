using PlanReview.Core.Model;
using PlanReview.Reporting.Annotations;
using PlanReview.Reporting.Model;
using PlanReview.Reporting.Sarif;

namespace PlanReview.Reporting.Tests;

public class WorkflowAnnotationsTests
{
    private sealed class FixedLocator : ISourceLocator
    {
        public SourceLocation? Locate(ReportPlan plan, string address) =>
            address.Contains("db", StringComparison.Ordinal) ? new SourceLocation("infra/db,main:x.tf", 12, 1) : null;
    }

    [Fact]
    public void Plan_text_cannot_break_out_of_the_command_or_start_another()
    {
        var plan = TestReports.HostilePlan();
        using var output = new StringWriter { NewLine = "\n" };

        var count = WorkflowAnnotations.Write(TestReports.Build(plan), new FixedLocator(), output);

        var lines = output.ToString().TrimEnd('\n').Split('\n');
        Assert.Equal(count, lines.Length);
        Assert.All(lines, l => Assert.StartsWith("::error ", l, StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("line1%0Aline2", StringComparison.Ordinal));
        Assert.StartsWith("::error file=infra/db%2Cmain%3Ax.tf,line=12,title=PRV101 Stateful resource destroyed::aws_db_instance.db", lines[0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("100% done\r\nnext", "100%25 done%0D%0Anext")]
    [InlineData("::warning::x", "::warning::x")]
    public void Messages_escape_percent_and_line_breaks(string text, string expected) =>
        Assert.Equal(expected, WorkflowAnnotations.Data(text));

    [Fact]
    public void Properties_also_escape_colons_and_commas() =>
        Assert.Equal("a%3Ab%2Cc%25", WorkflowAnnotations.Property("a:b,c%"));

    [Fact]
    public void Located_findings_come_first_and_the_count_is_capped()
    {
        var plan = new Plan
        {
            Source = "big.json",
            Format = PlanFormat.Terraform,
            Changes = [.. Enumerable.Range(0, 80).Select(i => TestReports.Change($"aws_s3_bucket.b{i}", "aws_s3_bucket", ChangeAction.Delete)), TestReports.Change("aws_db_instance.db", "aws_db_instance", ChangeAction.Delete)],
        };
        using var output = new StringWriter { NewLine = "\n" };

        var count = WorkflowAnnotations.Write(TestReports.Build(plan), new FixedLocator(), output);

        Assert.Equal(WorkflowAnnotations.MaxAnnotations, count);
        Assert.StartsWith("::error file=", output.ToString(), StringComparison.Ordinal);
    }
}
