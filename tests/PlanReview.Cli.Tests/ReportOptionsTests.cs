using Newtonsoft.Json.Linq;

namespace PlanReview.Cli.Tests;

/// <summary><c>--sarif</c>, <c>--html</c>, <c>--source-root</c> and <c>--template</c> of <c>planreview analyze</c>.</summary>
public sealed class ReportOptionsTests : IDisposable
{
    private readonly string temp = Directory.CreateTempSubdirectory("planreview-cli-reports-").FullName;

    public void Dispose() => Directory.Delete(temp, recursive: true);

    [Fact]
    public async Task Sarif_locations_point_into_the_source_root()
    {
        var root = Repo.Fixture("terraform/mixed-destructive/v2");
        var sarif = Path.Combine(temp, "out", "planreview.sarif");
        var (exit, _, stderr) = await Cli.Run("analyze", Repo.Fixture("terraform/mixed-destructive/plan.json"), "--sarif", sarif, "--source-root", root);

        Assert.Equal(1, exit);
        Assert.Equal(string.Empty, stderr);
        var log = JObject.Parse(await File.ReadAllTextAsync(sarif));
        Assert.Equal("2.1.0", (string)log["version"]!);
        var located = log["runs"]![0]!["results"]!
            .Where(r => r["locations"]![0]!["physicalLocation"] is not null)
            .Select(r => ((string)r["locations"]![0]!["logicalLocations"]![0]!["fullyQualifiedName"]!, (string)r["locations"]![0]!["physicalLocation"]!["artifactLocation"]!["uri"]!))
            .ToList();
        Assert.Contains(("terraform_data.database", "main.tf"), located);
    }

    [Fact]
    public async Task The_html_page_is_written_and_holds_the_verdict()
    {
        var html = Path.Combine(temp, "report.html");
        var (exit, stdout, _) = await Cli.Run("analyze", Repo.Fixture("terraform/hostile-keys/plan.json"), "--html", html);

        Assert.Equal(1, exit);
        Assert.StartsWith("planreview: approval required", stdout, StringComparison.Ordinal);
        var page = await File.ReadAllTextAsync(html);
        Assert.StartsWith("<!DOCTYPE html>", page, StringComparison.Ordinal);
        Assert.Contains("<title>PlanReview: approval required (plan.json)</title>", page, StringComparison.Ordinal);
        Assert.DoesNotMatch("(?i)<(script|img)\\b", page);
    }

    [Fact]
    public async Task Sarif_to_standard_output_replaces_the_summary()
    {
        var (exit, stdout, _) = await Cli.Run("analyze", Repo.Fixture("terraform/create-only/plan.json"), "--sarif", "-");
        Assert.Equal(0, exit);
        Assert.Equal("2.1.0", (string)JObject.Parse(stdout)["version"]!);
    }

    [Theory]
    [InlineData("--source-root", "no-such-folder", "--source-root")]
    [InlineData("--template", "no-such-template.yaml", "--template")]
    public async Task A_missing_source_root_or_template_is_a_usage_error(string option, string value, string named)
    {
        var (exit, _, stderr) = await Cli.Run("analyze", Repo.Fixture("terraform/create-only/plan.json"), "--sarif", Path.Combine(temp, "x.sarif"), option, Path.Combine(temp, value));
        Assert.Equal(2, exit);
        Assert.StartsWith($"planreview: {named} ", stderr, StringComparison.Ordinal);
        Assert.Single(stderr.TrimEnd('\n').Split('\n'));
    }
}
