using PlanReview.GitHub.Tests.Support;

namespace PlanReview.GitHub.Tests;

/// <summary>A safe plan gets a short comment unless the workflow asks for the full report.</summary>
public sealed class QuietCommentTests : IAsyncLifetime
{
    private FakeGitHub github = null!;
    private ActionRunner runner = null!;

    public async Task InitializeAsync()
    {
        github = await FakeGitHub.StartAsync();
        github.Push("dev");
        runner = new ActionRunner(github);
        runner.WritePlan("prod.json", Plans.CreateOnly);
    }

    public async Task DisposeAsync()
    {
        runner.Dispose();
        await github.DisposeAsync();
    }

    [Fact]
    public async Task By_default_a_safe_plan_gets_the_verdict_and_counts_only()
    {
        await runner.PullRequestAsync("opened");

        var body = Assert.Single(github.Comments).Body;
        Assert.Contains("PlanReview: no destructive change", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Other changes", body, StringComparison.Ordinal);
        Assert.Equal("success", github.LatestStatus()!.State);
    }

    [Fact]
    public async Task Quiet_comment_false_posts_the_full_report()
    {
        runner.Inputs["INPUT_QUIET-COMMENT"] = "false";

        await runner.PullRequestAsync("opened");

        var body = Assert.Single(github.Comments).Body;
        Assert.Contains("<details><summary>Other changes: 1 create</summary>", body, StringComparison.Ordinal);
        Assert.Contains("`aws_s3_bucket.logs`", body, StringComparison.Ordinal);
        Assert.Equal("success", github.LatestStatus()!.State);
    }

    [Fact]
    public async Task A_value_that_is_not_a_boolean_is_refused()
    {
        runner.Inputs["INPUT_QUIET-COMMENT"] = "sometimes";

        var result = await runner.PullRequestAsync("opened");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("INPUT_QUIET-COMMENT 'sometimes' is not true or false", result.Stderr, StringComparison.Ordinal);
    }
}
