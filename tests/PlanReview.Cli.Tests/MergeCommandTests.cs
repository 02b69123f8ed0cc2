using Newtonsoft.Json.Linq;
using PlanReview.Cli.Commands;
using PlanReview.Reporting.Json;

namespace PlanReview.Cli.Tests;

public sealed class MergeCommandTests : IDisposable
{
    private readonly DirectoryInfo dir = Directory.CreateTempSubdirectory("planreview-merge-");

    public void Dispose() => dir.Delete(recursive: true);

    [Fact]
    public async Task Two_stacks_make_one_report_with_sums_and_changes_kept_with_their_stack()
    {
        var destructive = await Analyze("terraform/mixed-destructive/plan.json", "a.json");
        var creates = await Analyze("terraform/create-only/plan.json", "b.json");
        var merged = Out("merged.json");

        var (exit, stdout, stderr) = await Cli.Run("merge", "--json", merged, destructive, creates);

        Assert.Equal(string.Empty, stderr);
        Assert.Equal(1, exit);
        Assert.StartsWith("planreview: approval required", stdout, StringComparison.Ordinal);
        var a = Load(destructive);
        var b = Load(creates);
        var m = Load(merged);
        Assert.Equal(2, ((JArray)m["plans"]!).Count);
        foreach (var key in new[] { "create", "update", "delete", "replace", "noop" })
        {
            Assert.Equal((int)a["summary"]![key]! + (int)b["summary"]![key]!, (int)m["summary"]![key]!);
        }

        Assert.Equal(((JArray)a["changes"]!).Count + ((JArray)b["changes"]!).Count, ((JArray)m["changes"]!).Count);
        var planOfA = (string)a["plans"]![0]!["path"]!;
        Assert.Equal(
            a["changes"]!.Select(c => (string)c["address"]!).Order(StringComparer.Ordinal),
            m["changes"]!.Where(c => (string)c["plan"]! == planOfA).Select(c => (string)c["address"]!).Order(StringComparer.Ordinal));
        Assert.Equal(((JArray)a["diagnostics"]!).Count + ((JArray)b["diagnostics"]!).Count, ((JArray)m["diagnostics"]!).Count);
        Assert.True((bool)m["decision"]!["approvalRequired"]!);
        Assert.Equal((int)a["decision"]!["destroyCount"]! + (int)b["decision"]!["destroyCount"]!, (int)m["decision"]!["destroyCount"]!);
        Assert.All(m["decision"]!["reasons"]!, r => Assert.StartsWith(planOfA + ": ", (string)r!, StringComparison.Ordinal));
        Assert.Equal(a["blastRadius"]!["destroyed"]!.Select(t => (string)t!), m["blastRadius"]!["destroyed"]!.Select(t => (string)t!));
    }

    [Theory]
    [InlineData("terraform/mixed-destructive/plan.json")]
    [InlineData("terraform/sensitive-values/plan.json")]
    [InlineData("terraform/removed-module/plan.json")]
    [InlineData("cloudformation/change-set-every-action.json")]
    [InlineData("pulumi/preview.json")]
    public async Task A_report_read_back_writes_the_same_json(string fixture)
    {
        var path = await Analyze(fixture, "r.json");
        var original = await File.ReadAllTextAsync(path);

        using var text = new StringReader(original);
        var report = JsonReportReader.Read(text, path, PlanAnalysis.SharedEngine.Descriptors);

        Assert.Equal(original, JsonReportWriter.Render(report));
    }

    [Fact]
    public async Task Merging_one_report_keeps_its_verdict_and_content()
    {
        var path = await Analyze("terraform/mixed-destructive/plan.json", "r.json");
        var merged = Out("m.json");
        Assert.Equal(1, (await Cli.Run("merge", "--json", merged, "--quiet", path)).Exit);
        var original = Load(path);
        var result = Load(merged);
        foreach (var key in new[] { "plans", "summary", "changes", "blastRadius", "diagnostics" })
        {
            Assert.True(JToken.DeepEquals(original[key], result[key]), key);
        }
    }

    [Fact]
    public async Task Stacks_without_destruction_pass()
    {
        var a = await Analyze("terraform/create-only/plan.json", "a.json");
        var b = await Analyze("terraform/no-changes/plan.json", "b.json");
        var (exit, stdout, _) = await Cli.Run("merge", "--json", Out("m.json"), a, b);
        Assert.Equal(0, exit);
        Assert.StartsWith("planreview: no destructive change", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_plan_path_in_two_reports_stays_two_stacks()
    {
        // Each matrix job analysed "its" plan.json: the merged report must not mix them.
        var a = await Analyze("terraform/count-index-deletes/plan.json", "stack-a/report.json");
        var b = await Analyze("terraform/count-index-deletes/plan.json", "stack-b/report.json");
        var merged = Out("m.json");
        await Cli.Run("merge", "--json", merged, a, b);

        var m = Load(merged);
        var plans = m["plans"]!.Select(p => (string)p["path"]!).ToArray();
        Assert.Equal(2, plans.Distinct().Count());
        Assert.StartsWith(a + ":", plans[0], StringComparison.Ordinal);
        Assert.StartsWith(b + ":", plans[1], StringComparison.Ordinal);
        var perPlan = m["changes"]!.GroupBy(c => (string)c["plan"]!).ToArray();
        Assert.Equal(2, perPlan.Length);
        Assert.Equal(perPlan[0].Count(), perPlan[1].Count());
    }

    [Fact]
    public async Task The_merged_comment_names_the_stack_of_every_row_finding_and_graph_node()
    {
        // Two matrix jobs planned the same resources from a plan of the same path; a third planned another stack.
        var a = await Analyze("terraform/mixed-destructive/plan.json", "stack-a/report.json");
        var b = await Analyze("terraform/mixed-destructive/plan.json", "stack-b/report.json");
        var c = await Analyze("terraform/replace-create-first/plan.json", "c.json");
        var markdown = Out("merged.md");

        var (exit, _, stderr) = await Cli.Run("merge", "--markdown", markdown, "--quiet", a, b, c);

        Assert.Equal(string.Empty, stderr);
        Assert.Equal(1, exit);
        var md = await File.ReadAllTextAsync(markdown);
        Assert.Contains("| Stack | Action | Resource | Type | Category | Reason | Dependents |\n", md, StringComparison.Ordinal);
        Assert.Contains("| `stack-a` | 🗑️ **destroy** | `terraform_data.legacy_cron` |", md, StringComparison.Ordinal);
        Assert.Contains("| `stack-b` | 🗑️ **destroy** | `terraform_data.legacy_cron` |", md, StringComparison.Ordinal);
        Assert.Contains("| `replace-create-first` | 🔁 **replace** (create first) |", md, StringComparison.Ordinal);

        var subgraphs = md.Split('\n').Where(l => l.StartsWith("  subgraph ", StringComparison.Ordinal)).Order(StringComparer.Ordinal);
        Assert.Equal(["  subgraph s1", "  subgraph s2", "  subgraph s3"], subgraphs.Select(l => l[..13]).Order(StringComparer.Ordinal));
        Assert.Equal(["[\"replace-create-first\"]", "[\"stack-a\"]", "[\"stack-b\"]"], subgraphs.Select(l => l[13..]).Order(StringComparer.Ordinal));
        Assert.Equal(2, md.Split("[\"destroy: terraform_data.legacy_cron\"]").Length - 1);

        var findings = md.Split('\n').Where(l => l.StartsWith("- [PRV", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(findings);
        Assert.All(findings, l => Assert.Matches(@"^- \[PRV\d{3}\]\([^)]+\) in `(stack-a|stack-b|replace-create-first)`: ", l));
        Assert.Contains("terraform `stack-a`, terraform `stack-b`, terraform `replace-create-first`", md, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Merging_one_report_writes_the_comment_analyze_wrote()
    {
        var analyzed = Out("analyzed.md");
        var report = Out("r.json");
        Assert.Equal(0, (await Cli.Run("analyze", Repo.Fixture("terraform/create-only/plan.json"), "--json", report, "--markdown", analyzed, "--quiet")).Exit);
        var merged = Out("merged.md");

        Assert.Equal(0, (await Cli.Run("merge", "--markdown", merged, "--quiet", report)).Exit);

        Assert.Equal(await File.ReadAllTextAsync(analyzed), await File.ReadAllTextAsync(merged));
    }

    [Theory]
    [InlineData(6, 0)]
    [InlineData(5, 1)]
    public async Task A_policy_rechecks_the_summed_destroys(int maxDestroy, int expectedExit)
    {
        // Three harmless deletes per stack: each stack alone requires approval under the default policy.
        var a = await Analyze("terraform/count-index-deletes/plan.json", "a.json");
        var b = await Analyze("terraform/count-index-deletes/plan.json", "b.json");
        Assert.True((bool)Load(a)["decision"]!["approvalRequired"]!);
        var policy = Out("policy.yml");
        await File.WriteAllTextAsync(policy, $"version: 1\nthresholds:\n  max-destroy: {maxDestroy}\n");

        var merged = Out("m.json");
        var (exit, _, stderr) = await Cli.Run("merge", "--config", policy, "--json", merged, "--quiet", a, b);

        Assert.Equal(string.Empty, stderr);
        Assert.Equal(expectedExit, exit);
        Assert.Equal(6, (int)Load(merged)["decision"]!["destroyCount"]!);
        if (expectedExit == 1)
        {
            Assert.Equal("6 resources destroyed across the stacks; the policy allows 5 without approval", (string)Load(merged)["decision"]!["reasons"]![0]!);
        }
    }

    [Fact]
    public async Task Markdown_and_sarif_are_written_and_secrets_never_reach_them()
    {
        var a = await Analyze("terraform/sensitive-values/plan.json", "a.json");
        var b = await Analyze("terraform/mixed-destructive/plan.json", "b.json");
        var markdown = Out("m.md");
        var sarif = Out("m.sarif");
        var json = Out("m.json");
        var (exit, _, stderr) = await Cli.Run("merge", "--json", json, "--markdown", markdown, "--sarif", sarif, "--quiet", a, b);

        Assert.Equal(string.Empty, stderr);
        Assert.Equal(1, exit);
        var comment = await File.ReadAllTextAsync(markdown);
        Assert.Contains("terraform_data.database", comment, StringComparison.Ordinal);
        Assert.Equal("2.1.0", (string)JObject.Parse(await File.ReadAllTextAsync(sarif))["version"]!);
        foreach (var file in new[] { json, markdown, sarif })
        {
            Assert.DoesNotContain("hunter2-SECRET-do-not-leak", await File.ReadAllTextAsync(file), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_folder_of_downloaded_artifacts_is_read_one_level_down()
    {
        await Analyze("terraform/create-only/plan.json", "artifacts/stack-a/report.json");
        await Analyze("terraform/count-index-deletes/plan.json", "artifacts/stack-b/report.json");
        var merged = Out("m.json");
        Assert.Equal(1, (await Cli.Run("merge", "--json", merged, "--quiet", Out("artifacts"))).Exit);
        Assert.Equal(2, ((JArray)Load(merged)["plans"]!).Count);
    }

    [Theory]
    [InlineData("{not json", "is not a JSON report")]
    [InlineData("{\"format_version\":\"1.2\",\"resource_changes\":[]}", "is not a PlanReview JSON report (no schemaVersion)")]
    [InlineData("{\"schemaVersion\":2}", "has schemaVersion 2, which this version of PlanReview cannot read")]
    [InlineData("{\"schemaVersion\":1,\"plans\":[],\"summary\":{},\"changes\":{},\"blastRadius\":{},\"decision\":{}}", "has a `changes` that is not a list")]
    [InlineData("{\"schemaVersion\":1,\"plans\":[],\"summary\":{\"create\":\"many\"},\"changes\":[],\"blastRadius\":{},\"decision\":{}}", "")]
    [InlineData("", "is not a JSON report")]
    public async Task An_unreadable_report_is_exit_2_with_one_line_naming_it(string content, string problem)
    {
        var good = await Analyze("terraform/create-only/plan.json", "good.json");
        var bad = Out("bad.json");
        await File.WriteAllTextAsync(bad, content);

        var (exit, stdout, stderr) = await Cli.Run("merge", "--json", Out("m.json"), good, bad);

        if (problem.Length == 0)
        {
            // A wrong type where a count belongs is read as no count: tolerant reading, no crash.
            Assert.Equal(0, exit);
            return;
        }

        Assert.Equal(2, exit);
        Assert.Equal(string.Empty, stdout);
        Assert.StartsWith($"planreview: {bad}: {problem}", stderr, StringComparison.Ordinal);
        Assert.Single(stderr.TrimEnd('\n').Split('\n'));
        Assert.False(File.Exists(Out("m.json")));
    }

    [Fact]
    public async Task The_commit_given_to_analyze_is_recorded_and_kept_by_a_merge_of_one_commit()
    {
        var a = Out("a.json");
        var b = Out("b.json");
        Assert.Equal(0, (await Cli.Run("analyze", Repo.Fixture("terraform/create-only/plan.json"), "--json", a, "--quiet", "--commit", "0123abc")).Exit);
        Assert.Equal(0, (await Cli.Run("analyze", Repo.Fixture("terraform/no-changes/plan.json"), "--json", b, "--quiet", "--commit", "0123abc")).Exit);
        var merged = Out("m.json");

        Assert.Equal(0, (await Cli.Run("merge", "--json", merged, "--quiet", a, b)).Exit);

        Assert.Equal("0123abc", (string)Load(a)["commit"]!);
        Assert.Equal("0123abc", (string)Load(merged)["commit"]!);
    }

    [Fact]
    public async Task Reports_made_for_different_commits_are_refused_with_one_line_naming_them()
    {
        var a = await AnalyzeAt("terraform/create-only/plan.json", "a.json", "0123abc");
        var b = await AnalyzeAt("terraform/no-changes/plan.json", "b.json", "4567def");
        var c = await AnalyzeAt("terraform/count-index-deletes/plan.json", "c.json", "0123ABC");
        var merged = Out("m.json");

        var (exit, stdout, stderr) = await Cli.Run("merge", "--json", merged, a, b, c);

        Assert.Equal(2, exit);
        Assert.Equal(string.Empty, stdout);
        Assert.Equal($"planreview: the reports were made for different commits: 0123abc ({a}, {c}), 4567def ({b}); re-run the stale jobs, or pass --allow-mixed-commits to merge them anyway\n", stderr);
        Assert.False(File.Exists(merged));
    }

    [Fact]
    public async Task Allow_mixed_commits_merges_them_with_a_warning_and_no_commit()
    {
        var a = await AnalyzeAt("terraform/count-index-deletes/plan.json", "a.json", "0123abc");
        var b = await AnalyzeAt("terraform/create-only/plan.json", "b.json", "4567def");
        var merged = Out("m.json");

        var (exit, stdout, stderr) = await Cli.Run("merge", "--json", merged, "--allow-mixed-commits", a, b);

        Assert.Equal(1, exit);
        Assert.StartsWith("planreview: approval required", stdout, StringComparison.Ordinal);
        Assert.Equal($"planreview: warning: the reports were made for different commits: 0123abc ({a}), 4567def ({b}); merged anyway (--allow-mixed-commits)\n", stderr);
        Assert.Equal(JTokenType.Null, Load(merged)["commit"]!.Type);
        Assert.Equal(2, ((JArray)Load(merged)["plans"]!).Count);
    }

    [Fact]
    public async Task A_report_without_a_commit_does_not_count_as_a_different_one()
    {
        var a = await AnalyzeAt("terraform/create-only/plan.json", "a.json", "0123abc");
        var b = await Analyze("terraform/no-changes/plan.json", "b.json");
        Assert.Equal(JTokenType.Null, Load(b)["commit"]?.Type ?? JTokenType.Null);

        var (exit, _, stderr) = await Cli.Run("merge", "--json", Out("m.json"), "--quiet", a, b);

        Assert.Equal(string.Empty, stderr);
        Assert.Equal(0, exit);
    }

    [Fact]
    public async Task A_commit_with_control_characters_is_named_without_them()
    {
        var a = await AnalyzeAt("terraform/create-only/plan.json", "a.json", "0123abc");
        var b = Out("b.json");
        await File.WriteAllTextAsync(b, File.ReadAllText(a).Replace("\"0123abc\"", "\"\\u001b[2Jbad\"", StringComparison.Ordinal));

        var (exit, _, stderr) = await Cli.Run("merge", "--json", Out("m.json"), a, b);

        Assert.Equal(2, exit);
        Assert.DoesNotContain('\u001b', stderr);
        Assert.Contains(@"\u001b[2Jbad (" + b + ")", stderr, StringComparison.Ordinal);
        Assert.Single(stderr.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public async Task A_missing_report_is_exit_2()
    {
        var (exit, _, stderr) = await Cli.Run("merge", "--json", Out("m.json"), Out("nope.json"));
        Assert.Equal(2, exit);
        Assert.Equal($"planreview: {Out("nope.json")}: no such file\n", stderr);
    }

    private async Task<string> Analyze(string fixture, string name)
    {
        var path = Out(name);
        var (exit, _, stderr) = await Cli.Run("analyze", Repo.Fixture(fixture), "--json", path, "--quiet");
        Assert.True(exit is 0 or 1, stderr);
        return path;
    }

    private async Task<string> AnalyzeAt(string fixture, string name, string commit)
    {
        var path = Out(name);
        var (exit, _, stderr) = await Cli.Run("analyze", Repo.Fixture(fixture), "--json", path, "--quiet", "--commit", commit);
        Assert.True(exit is 0 or 1, stderr);
        return path;
    }

    private string Out(string name) => Path.Combine(dir.FullName, name);

    private static JObject Load(string path) => JObject.Parse(File.ReadAllText(path));
}
