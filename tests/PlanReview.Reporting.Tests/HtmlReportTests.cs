using System.Diagnostics;
using System.Text.RegularExpressions;
using PlanReview.Core.Model;
using PlanReview.Reporting.Html;
using PlanReview.Reporting.Tests.Support;

namespace PlanReview.Reporting.Tests;

public class HtmlReportTests
{
    public static readonly TheoryData<string> Fixtures = new(GoldenCases.Fixtures);

    private static readonly HtmlOptions Options = new() { ToolVersion = "0.0.0-golden" };

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Page_matches_its_golden_file(string fixture) =>
        Golden.Verify($"{fixture}.html", HtmlReportWriter.Render(FixtureReports.Report(fixture), Options));

    [Fact]
    public void The_page_is_self_contained_and_holds_no_markup_from_the_plan()
    {
        var html = HtmlReportWriter.Render(FixtureReports.Report("hostile-keys"), Options);

        Assert.DoesNotMatch("(?i)<(script|img|iframe|link|object|embed|svg|base|form)\\b", html);
        Assert.DoesNotMatch("(?i)(src|href)\\s*=\\s*\"(?!https://github\\.com/planreview/planreview/)", html);
        Assert.DoesNotContain("@import", html, StringComparison.Ordinal);
        Assert.DoesNotContain("url(", html, StringComparison.Ordinal);
        Assert.Contains("default-src 'none'", html, StringComparison.Ordinal);

        // The hostile keys are there, as text.
        Assert.Contains("terraform_data.item[&quot;&lt;img src=x onerror=alert(1)&gt;&quot;]", html, StringComparison.Ordinal);
        Assert.Contains("module.tenant[&quot;&lt;script&gt;alert(1)&lt;/script&gt;&quot;]", html, StringComparison.Ordinal);
        Assert.Contains("terraform_data.item[&quot;&lt;/details&gt;&quot;]", html, StringComparison.Ordinal);
        Assert.Equal(Regex.Count(html, "<details>"), Regex.Count(html, "</details>"));
    }

    [Fact]
    public void The_title_is_html_encoded()
    {
        var plan = new Plan { Source = "plans/<b>evil.json", Format = PlanFormat.Terraform, Changes = [TestReports.Change("a.b", "a", ChangeAction.Delete)] };
        var html = HtmlReportWriter.Render(TestReports.Build(plan), Options);
        Assert.Contains("<title>PlanReview: approval required (&lt;b&gt;evil.json)</title>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>evil", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Markdown_with_foreign_html_is_rendered_with_html_disabled()
    {
        Assert.Equal("<p>&lt;img src=x onerror=alert(1)&gt;</p>\n", HtmlReportWriter.RenderBody("<img src=x onerror=alert(1)>\n"));
        Assert.Equal("<details><summary>x</summary>\n<p>y</p>\n</details>\n", HtmlReportWriter.RenderBody("<details><summary>x</summary>\n\ny\n\n</details>\n"));
    }

    [Fact]
    public void The_blast_radius_is_a_list_on_the_page_not_a_mermaid_block()
    {
        var html = HtmlReportWriter.Render(FixtureReports.Report("mixed-destructive"), Options);
        Assert.DoesNotContain("mermaid", html, StringComparison.Ordinal);
        Assert.Contains("<h4>Blast radius</h4>", html, StringComparison.Ordinal);
        Assert.Contains("<li>🔁 replace <code>terraform_data.database</code>", html, StringComparison.Ordinal);
    }

    [ChromiumFact]
    public void Chromium_renders_the_page_and_its_dom_holds_no_element_from_the_plan()
    {
        var dir = Directory.CreateTempSubdirectory("planreview-html-");
        try
        {
            var page = Path.Combine(dir.FullName, "report.html");
            File.WriteAllText(page, HtmlReportWriter.Render(FixtureReports.Build(FixtureReports.Analyze(HostileWithDependents())), Options));
            var screenshot = Path.Combine(dir.FullName, "report.png");

            Chromium(dir.FullName, $"--screenshot={screenshot}", "--window-size=1280,2000", new Uri(page).AbsoluteUri);
            var png = File.ReadAllBytes(screenshot);
            Assert.True(png.Length > 20_000, $"screenshot is only {png.Length} bytes");
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png.Take(4));
            if (Environment.GetEnvironmentVariable("PLANREVIEW_KEEP_SCREENSHOT") is { Length: > 0 } keep)
            {
                File.Copy(screenshot, keep, overwrite: true);
            }

            var dom = Chromium(dir.FullName, "--dump-dom", new Uri(page).AbsoluteUri);
            Assert.Contains("<main>", dom, StringComparison.Ordinal);
            Assert.DoesNotMatch("(?i)<(script|img|iframe|svg)\\b", dom);
            Assert.Contains("onerror=alert(1)", dom, StringComparison.Ordinal);
            Assert.Contains("<table>", dom, StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static Plan HostileWithDependents()
    {
        var plan = FixtureReports.LoadPlan("hostile-keys");
        var created = plan.Changes.Single(c => c.Action == ChangeAction.Create).Address;
        return plan with { Dependencies = [.. plan.Changes.Where(c => c.Action.IsDestructive()).Take(4).Select(c => new DependencyEdge(created, c.Address, "test"))] };
    }

    private static string Chromium(string workDir, params string[] args)
    {
        var start = new ProcessStartInfo(ChromiumFactAttribute.Path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run", "--hide-scrollbars", $"--user-data-dir={Path.Combine(workDir, "profile")}",
        }.Concat(args))
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(90)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("chromium did not finish within 90 s");
        }

        Assert.True(process.ExitCode == 0, $"chromium exited with {process.ExitCode}: {stderr.Result}");
        return stdout.Result;
    }
}
