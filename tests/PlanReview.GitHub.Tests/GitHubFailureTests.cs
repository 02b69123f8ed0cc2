using System.Globalization;
using PlanReview.GitHub.Tests.Support;

namespace PlanReview.GitHub.Tests;

/// <summary>
/// GitHub's failures, injected into the stand-in: server errors, rate limits, lost connections and
/// timeouts, missing permissions, a comment GitHub finds too long. Waits are recorded, never slept.
/// </summary>
public sealed class GitHubFailureTests : IAsyncLifetime
{
    private const string Repo = "/repos/acme/infra";
    private FakeGitHub github = null!;
    private ActionRunner runner = null!;

    public async Task InitializeAsync()
    {
        github = await FakeGitHub.StartAsync();
        github.Push("dev", message: "Drop the old database");
        github.Permissions["alice"] = "write";
        github.Permissions["dev"] = "write";
        runner = new ActionRunner(github);
        runner.WritePlan("prod.json", Plans.DestroyDatabase);
    }

    public async Task DisposeAsync()
    {
        runner.Dispose();
        await github.DisposeAsync();
    }

    [Fact]
    public async Task Server_errors_are_retried_with_exponential_backoff_and_each_retry_is_logged_with_its_reason()
    {
        github.Fail("POST", Repo + "/statuses/*", 502, "Bad Gateway", times: 2);

        var result = await runner.PullRequestAsync("opened");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("pending", github.LatestStatus()!.State);
        // Jitter 0.5 gives three quarters of each step: 1 s, then 2 s.
        Assert.Equal([TimeSpan.FromMilliseconds(750), TimeSpan.FromMilliseconds(1500)], runner.Waits);
        Assert.Contains($"POST statuses/{github.HeadSha} failed (502 BadGateway); retry 1 of 3 in 0.8 s", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("retry 2 of 3 in 1.5 s", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("(2 of them retries)", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, github.PendingFaults);
    }

    [Fact]
    public async Task The_backoff_is_capped_and_jittered_by_the_injected_random()
    {
        var draws = new Queue<double>([0.0, 0.99]);
        runner.Retry = runner.Retry with { MaxAttempts = 8, MaxBackoff = TimeSpan.FromSeconds(4), MaxTotalWait = TimeSpan.FromSeconds(600), Jitter = () => draws.Count > 0 ? draws.Dequeue() : 1.0 };
        github.Fail("GET", Repo + "/pulls/7/files", 503, "Service Unavailable", times: 5);

        var result = await runner.PullRequestAsync();

        Assert.Equal(0, result.ExitCode);
        var waits = runner.Waits.Select(w => w.TotalMilliseconds).ToArray();
        Assert.Equal(5, waits.Length);
        Assert.Equal(500, waits[0]); // 1 s step, no jitter: half of it
        Assert.InRange(waits[1], 1990, 2000); // 2 s step, almost all of it
        Assert.Equal([4000, 4000, 4000], waits[2..]); // 4 s, 8 s, 16 s capped at 4 s
    }

    [Theory]
    [InlineData(429, "Too Many Requests", "7", 7)]
    [InlineData(403, "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.", "3", 3)]
    [InlineData(403, "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.", null, 60)]
    public async Task Rate_limits_wait_as_long_as_github_asks(int status, string message, string? retryAfter, int expectedSeconds)
    {
        var headers = retryAfter is null ? null : new Dictionary<string, string> { ["Retry-After"] = retryAfter };
        github.Fail("GET", Repo + "/issues/7/comments", status, message, headers: headers);

        var result = await runner.PullRequestAsync("opened");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal([TimeSpan.FromSeconds(expectedSeconds)], runner.Waits);
        Assert.Contains($"failed ({status.ToString(CultureInfo.InvariantCulture)} ", result.Stderr, StringComparison.Ordinal);
        Assert.Single(github.Comments);
    }

    [Fact]
    public async Task An_exhausted_rate_limit_waits_until_its_reset()
    {
        var reset = runner.Now.AddSeconds(20).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        github.Fail("GET", Repo + "/pulls/7/commits", 403, "API rate limit exceeded for installation ID 1.", headers: new Dictionary<string, string>
        {
            ["x-ratelimit-remaining"] = "0",
            ["x-ratelimit-reset"] = reset,
        });

        var result = await runner.PullRequestAsync("opened");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal([TimeSpan.FromSeconds(21)], runner.Waits);
        Assert.Contains("rate limit exhausted until 12:00:20 UTC", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wait_longer_than_the_cap_fails_at_once_with_a_clear_message_and_an_error_status()
    {
        github.Fail("GET", Repo + "/pulls/7/files", 429, "Too Many Requests", headers: new Dictionary<string, string> { ["retry-after"] = "3600" });

        var result = await runner.PullRequestAsync("opened");

        Assert.Equal(GitHubCommand.ExitPublishFailed, result.ExitCode);
        Assert.Empty(runner.Waits);
        Assert.Contains("GET pulls/7/files: GitHub asks to wait 3600 s (429 rate limited, retry-after 3600 s), more than the 60 s PlanReview may still wait; re-run the job later", result.Stderr, StringComparison.Ordinal);
        Assert.Equal("error", github.LatestStatus()!.State);
        Assert.DoesNotContain(github.Statuses, s => s.State == "success");
    }

    [Fact]
    public async Task A_server_that_keeps_failing_is_given_up_after_four_attempts()
    {
        github.Fail("GET", Repo + "/pulls/7/files", 503, "Service Unavailable", times: 100);

        var result = await runner.PullRequestAsync("opened");

        Assert.Equal(GitHubCommand.ExitPublishFailed, result.ExitCode);
        Assert.Equal(3, runner.Waits.Count);
        Assert.Equal(4, github.Requests.Count(r => r.EndsWith("/pulls/7/files", StringComparison.Ordinal)));
        Assert.Contains("GET pulls/7/files failed 4 times (503 ServiceUnavailable)", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
        Assert.Equal("error", github.LatestStatus()!.State);
    }

    [Fact]
    public async Task An_answer_that_is_not_an_accident_is_not_retried()
    {
        github.Fail("GET", Repo + "/pulls/7/commits", 400, "Problems parsing JSON");

        var result = await runner.PullRequestAsync("opened");

        Assert.Equal(GitHubCommand.ExitPublishFailed, result.ExitCode);
        Assert.Single(github.Requests, r => r.EndsWith("/pulls/7/commits", StringComparison.Ordinal));
        Assert.Empty(runner.Waits);
    }

    [Fact]
    public async Task A_dropped_connection_on_a_read_is_retried()
    {
        github.Drop("GET", Repo + "/pulls/7/files");

        var result = await runner.PullRequestAsync("opened");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("GET pulls/7/files failed (connection lost", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, github.Requests.Count(r => r.EndsWith("/pulls/7/files", StringComparison.Ordinal)));
        Assert.Equal("pending", github.LatestStatus()!.State);
    }

    [Theory]
    [InlineData("drop-after")]
    [InlineData("timeout-after")]
    public async Task A_comment_that_github_created_before_the_answer_was_lost_is_not_posted_twice(string fault)
    {
        if (fault == "drop-after")
        {
            github.Drop("POST", Repo + "/issues/7/comments", afterHandling: true);
        }
        else
        {
            runner.Retry = runner.Retry with { RequestTimeout = TimeSpan.FromSeconds(2) };
            github.Delay("POST", Repo + "/issues/7/comments", TimeSpan.FromSeconds(120));
        }

        var result = await runner.PullRequestAsync("opened");

        Assert.Equal(0, result.ExitCode);
        var comment = Assert.Single(github.Comments);
        Assert.Single(github.CreatedComments);
        Assert.Contains("POST issues/7/comments had been applied before the failure; not repeated", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(github.HeadSha, StickyComment.ReadState(comment.Body, out _)!.HeadSha);
        Assert.Equal("pending", github.LatestStatus()!.State);
    }

    [Fact]
    public async Task A_comment_that_github_never_received_is_posted_again_once()
    {
        github.Drop("POST", Repo + "/issues/7/comments");

        var result = await runner.PullRequestAsync("opened");

        Assert.Equal(0, result.ExitCode);
        Assert.Single(github.Comments);
        Assert.Equal(2, github.Requests.Count(r => r == $"POST /api/v3{Repo}/issues/7/comments"));
        Assert.DoesNotContain("not repeated", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_lost_answer_on_an_update_repeats_the_same_edit()
    {
        await runner.PullRequestAsync("opened");
        github.Push("dev", message: "more");
        github.Drop("PATCH", Repo + "/issues/comments/*", afterHandling: true);

        var result = await runner.PullRequestAsync();

        Assert.Equal(0, result.ExitCode);
        var comment = Assert.Single(github.Comments);
        Assert.Equal(github.HeadSha, StickyComment.ReadState(comment.Body, out _)!.HeadSha);
        Assert.Equal(2, github.Requests.Count(r => r.StartsWith("PATCH ", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("POST", "/statuses/*", 403, "statuses: write")]
    [InlineData("POST", "/issues/7/comments", 403, "pull-requests: write")]
    [InlineData("GET", "/issues/7/comments", 403, "pull-requests: write")]
    [InlineData("POST", "/issues/7/labels", 403, "issues: write")]
    [InlineData("GET", "/contents/**", 403, "contents: read")]
    [InlineData("GET", "/pulls/7/files", 404, "pull-requests: read")]
    public async Task A_missing_permission_names_the_line_to_add_to_the_workflow(string method, string path, int status, string permission)
    {
        github.Fail(method, Repo + path, status, status == 404 ? "Not Found" : "Resource not accessible by integration", times: 10);

        var result = await runner.PullRequestAsync("opened");

        Assert.Equal(GitHubCommand.ExitPublishFailed, result.ExitCode);
        Assert.Empty(runner.Waits);
        var line = Assert.Single(result.Stderr.Split('\n'), l => l.Contains("permissions:", StringComparison.Ordinal));
        Assert.Contains($"the token may not {method} ", line, StringComparison.Ordinal);
        Assert.Contains($"add `{permission}` to the workflow's permissions: block", line, StringComparison.Ordinal);
        if (permission == "statuses: write")
        {
            Assert.Empty(github.Statuses);
        }
        else
        {
            // The status is still set to error when the token may set one.
            var statusLine = github.LatestStatus()!;
            Assert.Equal("error", statusLine.State);
            Assert.Contains(permission, statusLine.Description, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_token_that_cannot_read_team_membership_is_told_to_use_an_org_token()
    {
        runner.Inputs["INPUT_APPROVERS"] = "acme/sre";
        await runner.PullRequestAsync("opened");
        github.Review("alice", "APPROVED");
        github.Fail("GET", "/orgs/acme/teams/sre/memberships/alice", 403, "Resource not accessible by integration");

        var result = await runner.ReviewAsync();

        Assert.Equal(GitHubCommand.ExitPublishFailed, result.ExitCode);
        Assert.Contains("add `members: read` to the workflow's permissions: block; GITHUB_TOKEN cannot read team membership", result.Stderr, StringComparison.Ordinal);
        Assert.Equal("error", github.LatestStatus()!.State);
    }

    [Fact]
    public async Task A_comment_github_finds_too_long_is_shrunk_and_posted()
    {
        // GitHub's count is stricter than ours here (as when it counts bytes): the first body is refused.
        github.MaxCommentLength = 30_000;
        runner.WritePlan("prod.json", ManyDestroys(1500));

        var result = await runner.PullRequestAsync("opened");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("GitHub rejected the comment as too long", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, github.Requests.Count(r => r == $"POST /api/v3{Repo}/issues/7/comments"));
        var comment = Assert.Single(github.Comments);
        Assert.InRange(comment.Body.Length, 5_000, 30_000);
        Assert.StartsWith(StickyComment.Marker("planreview"), comment.Body, StringComparison.Ordinal);
        Assert.Equal(1500, StickyComment.ReadState(comment.Body, out _)!.DestroyCount);
        Assert.Equal("pending", github.LatestStatus()!.State);
    }

    [Fact]
    public async Task A_comment_still_too_long_after_shrinking_fails_closed()
    {
        github.MaxCommentLength = 2_000;
        runner.WritePlan("prod.json", ManyDestroys(1500));

        var result = await runner.PullRequestAsync("opened");

        Assert.Equal(GitHubCommand.ExitPublishFailed, result.ExitCode);
        Assert.Equal(2, github.Requests.Count(r => r == $"POST /api/v3{Repo}/issues/7/comments"));
        Assert.Empty(github.Comments);
        Assert.Equal("error", github.LatestStatus()!.State);
    }

    [Theory]
    [InlineData("opened")]
    [InlineData("synchronize")]
    public async Task A_typical_run_makes_at_most_eight_requests(string action)
    {
        if (action == "synchronize")
        {
            await runner.PullRequestAsync("opened");
            github.Push("dev", message: "more");
        }

        var before = github.Requests.Count;
        var result = await runner.PullRequestAsync(action);

        Assert.Equal(0, result.ExitCode);
        var made = github.Requests.Count - before;
        Assert.InRange(made, 1, 8);
        Assert.Contains($"{made.ToString(CultureInfo.InvariantCulture)} GitHub API requests", result.Stderr, StringComparison.Ordinal);
    }

    private static string ManyDestroys(int count)
    {
        var changes = Enumerable.Range(0, count).Select(i =>
            "{\"address\":\"module.region_eu_west_1.module.tenant_" + i.ToString(CultureInfo.InvariantCulture) + ".aws_db_instance.primary\",\"module_address\":\"module.region_eu_west_1.module.tenant_" + i.ToString(CultureInfo.InvariantCulture) +
            "\",\"mode\":\"managed\",\"type\":\"aws_db_instance\",\"name\":\"primary\",\"provider_name\":\"registry.terraform.io/hashicorp/aws\",\"change\":{\"actions\":[\"delete\"],\"before\":{\"identifier\":\"db" +
            i.ToString(CultureInfo.InvariantCulture) + "\"},\"after\":null,\"after_unknown\":{},\"before_sensitive\":{},\"after_sensitive\":{}}}");
        return "{\"format_version\":\"1.2\",\"terraform_version\":\"1.9.0\",\"resource_changes\":[" + string.Join(",", changes) + "],\"errored\":false,\"complete\":true}";
    }
}
