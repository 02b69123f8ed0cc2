using Newtonsoft.Json.Linq;
using PlanReview.GitHub.Tests.Support;

namespace PlanReview.GitHub.Tests;

/// <summary>
/// <c>mode: merge</c>: the final job of a matrix reads the plan jobs' JSON reports (as
/// <c>actions/download-artifact</c> lays them out) and takes the analyse path from there: one comment,
/// one status, labels, outputs, the recorded analysis, and approvals re-evaluated on reviews.
/// </summary>
public sealed class MergeModeTests : IAsyncLifetime
{
    private FakeGitHub github = null!;
    private ActionRunner runner = null!;

    public async Task InitializeAsync()
    {
        github = await FakeGitHub.StartAsync();
        github.Push("dev", message: "Three stacks at once");
        github.Permissions["alice"] = "write";
        github.Permissions["dev"] = "write";
        runner = new ActionRunner(github);
        runner.Inputs.Remove("INPUT_PLANS");
        runner.Inputs["INPUT_MODE"] = "merge";
        runner.Inputs["INPUT_REPORTS"] = "reports";
    }

    public async Task DisposeAsync()
    {
        runner.Dispose();
        await github.DisposeAsync();
    }

    [Fact]
    public async Task Three_reports_make_one_comment_and_one_status_with_the_summed_counts()
    {
        var reports = new[]
        {
            await runner.WriteReportAsync("data", Plans.DestroyDatabase, github.HeadSha),
            await runner.WriteReportAsync("network", Plans.CreateOnly, github.HeadSha),
            await runner.WriteReportAsync("services", Plans.ReplaceQueue, github.HeadSha),
        };
        var counts = reports.Select(r => JObject.Parse(File.ReadAllText(r))["decision"]!).ToArray();
        var destroys = counts.Sum(d => (int)d["destroyCount"]!);
        var replaces = counts.Sum(d => (int)d["replaceCount"]!);
        Assert.Equal((2, 1), (destroys, replaces));

        var result = await runner.PullRequestAsync("opened");

        Assert.Equal(0, result.ExitCode);
        var status = Assert.Single(github.Statuses);
        Assert.Equal(("pending", github.HeadSha, "planreview"), (status.State, status.Sha, status.Context));
        var body = Assert.Single(github.Comments).Body;
        Assert.Contains("approval required — 2 to destroy, 1 to replace", body, StringComparison.Ordinal);
        Assert.Contains("2 resources destroyed across the stacks; the policy allows 0 without approval", body, StringComparison.Ordinal);
        foreach (var address in new[] { "aws_db_instance.main", "aws_s3_bucket.assets", "aws_sqs_queue.jobs" })
        {
            Assert.Contains(address, body, StringComparison.Ordinal);
        }

        Assert.Equal(("2", "1", "true"), (result.Outputs["destroy-count"], result.Outputs["replace-count"], result.Outputs["approval-required"]));
        Assert.Equal([GitHubCommand.DestroyLabel, GitHubCommand.ReplaceLabel], github.Labels);
        var merged = JObject.Parse(File.ReadAllText(result.Outputs["report-json"]));
        Assert.Equal(3, ((JArray)merged["plans"]!).Count);
        Assert.Equal(github.HeadSha, (string)merged["commit"]!);
        Assert.Contains("aws_sqs_queue.jobs", result.Summary, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", body + result.Summary + File.ReadAllText(result.Outputs["report-json"]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_eligible_approval_turns_the_merged_verdict_green_as_in_analyze_mode()
    {
        await runner.WriteReportAsync("data", Plans.DestroyDatabase, github.HeadSha);
        await runner.WriteReportAsync("network", Plans.CreateOnly, github.HeadSha);
        await runner.WriteReportAsync("services", Plans.ReplaceQueue, github.HeadSha);
        await runner.PullRequestAsync("opened");
        Assert.Equal("pending", github.LatestStatus()!.State);

        github.Review("dev", "APPROVED");
        await runner.ReviewAsync();
        Assert.Equal("pending", github.LatestStatus()!.State);

        // The review job runs without the reports: the recorded analysis carries the merged verdict.
        Directory.Delete(Path.Combine(runner.Workspace, "reports"), recursive: true);
        github.Review("alice", "APPROVED");
        var approved = await runner.ReviewAsync();

        Assert.Equal(0, approved.ExitCode);
        Assert.Equal(("success", github.HeadSha), (github.LatestStatus()!.State, github.LatestStatus()!.Sha));
        var body = Assert.Single(github.Comments).Body;
        Assert.Contains("✅ `alice`", body, StringComparison.Ordinal);
        Assert.Contains("aws_sqs_queue.jobs", body, StringComparison.Ordinal);
        Assert.Equal(("true", "2", "1"), (approved.Outputs["approved"], approved.Outputs["destroy-count"], approved.Outputs["replace-count"]));
    }

    [Fact]
    public async Task Safe_stacks_merge_to_success()
    {
        await runner.WriteReportAsync("network", Plans.CreateOnly, github.HeadSha);
        await runner.WriteReportAsync("edge", Plans.CreateOnly, github.HeadSha);

        var result = await runner.PullRequestAsync("opened");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("success", Assert.Single(github.Statuses).State);
        Assert.Equal("false", result.Outputs["approval-required"]);
        Assert.Empty(github.Labels);
    }

    [Theory]
    [InlineData("reports")]
    [InlineData("reports/*/*.json")]
    [InlineData("reports/planreview-report-data/data.json")]
    public async Task A_missing_report_set_fails_closed(string pattern)
    {
        runner.Inputs["INPUT_REPORTS"] = pattern;

        var result = await runner.PullRequestAsync("opened");

        Assert.Equal(GitHubCommand.ExitAnalysisFailed, result.ExitCode);
        Assert.Equal("error", Assert.Single(github.Statuses).State);
        Assert.Contains("no report matches", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("the plan could not be analysed", Assert.Single(github.Comments).Body, StringComparison.Ordinal);
        Assert.Equal("true", result.Outputs["approval-required"]);
    }

    [Theory]
    [InlineData("", "no report was given")]
    [InlineData("empty", "holds no *.json report")]
    [InlineData("broken", "is not a JSON report")]
    public async Task An_empty_or_unreadable_report_set_fails_closed(string reports, string problem)
    {
        Directory.CreateDirectory(Path.Combine(runner.Workspace, "empty"));
        Directory.CreateDirectory(Path.Combine(runner.Workspace, "broken", "stack"));
        await File.WriteAllTextAsync(Path.Combine(runner.Workspace, "broken", "stack", "r.json"), "{\"schemaVersion\": 1, ");
        runner.Inputs["INPUT_REPORTS"] = reports;

        var result = await runner.PullRequestAsync("opened");

        Assert.Equal(GitHubCommand.ExitAnalysisFailed, result.ExitCode);
        Assert.Equal("error", Assert.Single(github.Statuses).State);
        Assert.Contains(problem, result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_report_made_for_another_commit_is_not_merged()
    {
        var older = github.HeadSha;
        github.Push("dev", message: "a newer push");
        await runner.WriteReportAsync("data", Plans.CreateOnly, github.HeadSha);
        await runner.WriteReportAsync("services", Plans.CreateOnly, older);

        var result = await runner.PullRequestAsync();

        Assert.Equal(GitHubCommand.ExitAnalysisFailed, result.ExitCode);
        var status = Assert.Single(github.Statuses);
        Assert.Equal(("error", github.HeadSha), (status.State, status.Sha));
        Assert.Contains($"was made for commit {older[..7]}, not the head {github.HeadSha[..7]}", status.Description, StringComparison.Ordinal);
        Assert.Contains("services.json", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_report_that_records_no_commit_is_not_merged()
    {
        await runner.WriteReportAsync("data", Plans.CreateOnly, commit: null);

        var result = await runner.PullRequestAsync("opened");

        Assert.Equal(GitHubCommand.ExitAnalysisFailed, result.ExitCode);
        Assert.Equal("error", Assert.Single(github.Statuses).State);
        Assert.Contains("records no commit", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_mode_is_a_configuration_error()
    {
        runner.Inputs["INPUT_MODE"] = "combine";

        var result = await runner.PullRequestAsync("opened");

        Assert.Equal(GitHubCommand.ExitConfiguration, result.ExitCode);
        Assert.Contains("INPUT_MODE 'combine' is not analyze or merge", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(github.Statuses);
    }

    [Fact]
    public async Task The_real_process_merges_the_reports_it_finds()
    {
        runner.UseProcess = true;
        runner.Inputs["INPUT_SARIF"] = "out/planreview.sarif";
        await runner.WriteReportAsync("data", Plans.DestroyDatabase, github.HeadSha);
        await runner.WriteReportAsync("services", Plans.ReplaceQueue, github.HeadSha);

        var result = await runner.PullRequestAsync("opened");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("pending", Assert.Single(github.Statuses).State);
        Assert.Equal(("2", "1"), (result.Outputs["destroy-count"], result.Outputs["replace-count"]));
        Assert.Single(github.Comments);

        // The merged findings also reach SARIF and the annotations.
        var sarif = JObject.Parse(await File.ReadAllTextAsync(Path.Combine(runner.Workspace, "out", "planreview.sarif")));
        Assert.Contains(sarif["runs"]![0]!["results"]!, r => (string)r["ruleId"]! == "PRV101");
        Assert.Contains(result.Stdout.Split('\n'), l => l.StartsWith("::error", StringComparison.Ordinal) && l.Contains("aws_db_instance.main", StringComparison.Ordinal));
    }
}
