using PlanReview.GitHub.Tests.Support;

namespace PlanReview.GitHub.Tests;

/// <summary>
/// <c>comment: hide-and-new</c>: each run posts a new comment, and the comments of earlier runs lose
/// their marker (a pointer to the new one) and are minimized as OUTDATED through GraphQL.
/// </summary>
public sealed class CommentModeHideTests : IAsyncLifetime
{
    private const string Marker = "<!-- planreview:v1 context=planreview -->";

    private FakeGitHub github = null!;
    private ActionRunner runner = null!;

    public async Task InitializeAsync()
    {
        github = await FakeGitHub.StartAsync();
        github.Push("dev", message: "Drop the old database");
        runner = new ActionRunner(github);
        runner.WritePlan("prod.json", Plans.DestroyDatabase);
        runner.Inputs["INPUT_COMMENT"] = "hide-and-new";
    }

    public async Task DisposeAsync()
    {
        runner.Dispose();
        await github.DisposeAsync();
    }

    [Theory]
    [InlineData("https://api.github.com", "https://api.github.com/graphql")]
    [InlineData("https://api.github.com/", "https://api.github.com/graphql")]
    [InlineData("https://ghes.example.com/api/v3", "https://ghes.example.com/api/graphql")]
    [InlineData("https://ghes.example.com/api/v3/", "https://ghes.example.com/api/graphql")]
    [InlineData("https://ghes.example.com:8443/api/v3", "https://ghes.example.com:8443/api/graphql")]
    [InlineData("https://api.octocorp.ghe.com", "https://api.octocorp.ghe.com/graphql")]
    public void The_graphql_endpoint_is_derived_from_github_api_url(string apiUrl, string expected) =>
        Assert.Equal(new Uri(expected), GitHubApi.GraphQlEndpoint(new Uri(apiUrl)));

    [Theory]
    [InlineData("""{"data":{"minimizeComment":{"minimizedComment":{"isMinimized":true}}}}""", null)]
    [InlineData("""{"data":{"minimizeComment":{"minimizedComment":{"isMinimized":false}}}}""", "GitHub did not report the comment as minimized")]
    [InlineData("""{"data":{"minimizeComment":null},"errors":[{"type":"NOT_FOUND","message":"Could not resolve to a node"}]}""", "NOT_FOUND: Could not resolve to a node")]
    [InlineData("""{"errors":[{"message":"Something went wrong\nwhile executing your query."}]}""", "Something went wrong while executing your query.")]
    [InlineData("<html>oops</html>", "GitHub's answer is not JSON")]
    [InlineData("", "GitHub did not report the comment as minimized")]
    public void A_minimize_answer_is_read_as_minimized_or_the_reason_it_is_not(string body, string? expected) =>
        Assert.Equal(expected, GitHubApi.MinimizeOutcome(body));

    [Fact]
    public async Task A_second_push_minimizes_the_first_comment_as_outdated_and_leaves_one_live_comment()
    {
        var first = await runner.PullRequestAsync("opened");
        var firstId = Assert.Single(github.Comments).Id;
        github.Push("dev", message: "Keep the database");

        var second = await runner.PullRequestAsync();

        Assert.Equal((0, 0), (first.ExitCode, second.ExitCode));
        Assert.Equal([($"IC_{firstId}", "OUTDATED")], github.MinimizedComments);
        var old = github.Comments.Single(c => c.Id == firstId);
        Assert.Equal("OUTDATED", old.MinimizedAs);
        Assert.StartsWith("<!-- planreview:superseded -->", old.Body, StringComparison.Ordinal);
        var live = Assert.Single(github.Comments, c => c.Body.StartsWith(Marker, StringComparison.Ordinal));
        Assert.NotEqual(firstId, live.Id);
        Assert.Null(live.MinimizedAs);
        Assert.Contains($"#issuecomment-{live.Id}", old.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("not minimized", second.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_run_minimizes_only_the_comment_still_live_before_it()
    {
        await runner.PullRequestAsync("opened");
        github.Push("dev");
        await runner.PullRequestAsync();
        github.Push("dev");
        await runner.PullRequestAsync();

        var ids = github.Comments.Select(c => c.Id).Order().ToList();
        Assert.Equal(3, ids.Count);
        Assert.Equal([($"IC_{ids[0]}", "OUTDATED"), ($"IC_{ids[1]}", "OUTDATED")], github.MinimizedComments);
        Assert.Equal(ids[2], Assert.Single(github.Comments, c => c.MinimizedAs is null).Id);
    }

    [Fact]
    public async Task A_graphql_error_is_logged_and_the_old_comment_is_still_retired()
    {
        await runner.PullRequestAsync("opened");
        var firstId = github.Comments.Single().Id;
        github.MinimizeError = "github-actions[bot] does not have permission to minimize this comment.";

        var result = await runner.PullRequestAsync();

        Assert.Equal(0, result.ExitCode);
        Assert.Empty(github.MinimizedComments);
        Assert.Contains($"comment {firstId} was replaced by a pointer but not minimized: FORBIDDEN: github-actions[bot] does not have permission", result.Stderr, StringComparison.Ordinal);
        Assert.StartsWith("<!-- planreview:superseded -->", github.Comments.Single(c => c.Id == firstId).Body, StringComparison.Ordinal);
        Assert.Single(github.Comments, c => c.Body.StartsWith(Marker, StringComparison.Ordinal));
        Assert.Equal("pending", github.LatestStatus()!.State);
    }

    [Fact]
    public async Task A_403_from_graphql_is_logged_and_does_not_fail_the_run()
    {
        await runner.PullRequestAsync("opened");
        var firstId = github.Comments.Single().Id;
        github.Fail("POST", "/api/graphql", 403, "Resource not accessible by integration");

        var result = await runner.PullRequestAsync();

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(0, github.PendingFaults);
        Assert.Empty(github.MinimizedComments);
        Assert.Contains($"comment {firstId} was replaced by a pointer but not minimized", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("Resource not accessible by integration", result.Stderr, StringComparison.Ordinal);
        Assert.Single(github.Comments, c => c.Body.StartsWith(Marker, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_5xx_from_graphql_is_retried()
    {
        await runner.PullRequestAsync("opened");
        var firstId = github.Comments.Single().Id;
        github.Fail("POST", "/api/graphql", 502, "Bad Gateway");

        var result = await runner.PullRequestAsync();

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(0, github.PendingFaults);
        Assert.Equal([($"IC_{firstId}", "OUTDATED")], github.MinimizedComments);
        Assert.Contains("graphql updateIssueComment+minimizeComment failed (502", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_run_after_the_first_makes_at_most_eight_requests()
    {
        await runner.PullRequestAsync("opened");
        github.Push("dev", message: "Keep the database");
        var before = github.Requests.Count;

        await runner.PullRequestAsync();

        // The policy, files, commits, reviews, comments, the new comment, one GraphQL request that
        // retires the old one (pointer and minimize), the status: no GET /user, no REST PATCH.
        var made = github.Requests.Skip(before).ToArray();
        Assert.True(made.Length <= 8, string.Join("\n", made));
        Assert.DoesNotContain(made, r => r.EndsWith("/user", StringComparison.Ordinal) || r.StartsWith("PATCH ", StringComparison.Ordinal));
        Assert.Single(github.MinimizedComments);
        Assert.Single(github.Comments, c => c.Body.StartsWith(Marker, StringComparison.Ordinal));
    }

    [Fact]
    public async Task When_graphql_may_not_edit_the_old_comment_rest_replaces_its_marker()
    {
        await runner.PullRequestAsync("opened");
        var firstId = github.Comments.Single().Id;
        github.UpdateError = "github-actions[bot] may not update this comment through GraphQL.";

        var result = await runner.PullRequestAsync();

        Assert.Equal(0, result.ExitCode);
        Assert.Contains(github.Requests, r => r == $"PATCH /api/v3/repos/{FakeGitHub.Owner}/{FakeGitHub.Repo}/issues/comments/{firstId}");
        var old = github.Comments.Single(c => c.Id == firstId);
        Assert.StartsWith("<!-- planreview:superseded -->", old.Body, StringComparison.Ordinal);
        Assert.Equal("OUTDATED", old.MinimizedAs);
        Assert.Single(github.Comments, c => c.Body.StartsWith(Marker, StringComparison.Ordinal));
        Assert.DoesNotContain("not minimized", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_older_run_withdraws_the_comment_it_created_when_a_newer_run_wrote_one()
    {
        await runner.PullRequestAsync("opened", run: 300);
        var newer = github.Comments.Single();

        var late = await runner.PullRequestAsync(run: 200);

        Assert.Equal(0, late.ExitCode);
        Assert.Equal(newer, Assert.Single(github.Comments));
        Assert.Contains("is withdrawn", late.Stdout, StringComparison.Ordinal);
        Assert.Empty(github.MinimizedComments);
    }

    [Theory]
    [InlineData("update")]
    [InlineData("new")]
    public async Task Other_comment_modes_never_call_graphql(string mode)
    {
        runner.Inputs["INPUT_COMMENT"] = mode;
        await runner.PullRequestAsync("opened");
        github.Push("dev");

        await runner.PullRequestAsync();

        Assert.DoesNotContain(github.Requests, r => r.Contains("graphql", StringComparison.Ordinal));
        Assert.Empty(github.MinimizedComments);
    }
}
