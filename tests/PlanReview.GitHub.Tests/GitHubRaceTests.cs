using PlanReview.GitHub.Tests.Support;

namespace PlanReview.GitHub.Tests;

/// <summary>
/// Two runs on the same pull request at once (two pushes in quick succession, or two events of one
/// push), interleaved deterministically: the stand-in holds one run at a chosen request while the other
/// runs. At the end there is one comment, it records the newest run, and the head's status is the
/// newest run's.
/// </summary>
public sealed class GitHubRaceTests : IAsyncLifetime
{
    private const string Repo = "/repos/acme/infra";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private FakeGitHub github = null!;
    private ActionRunner runner = null!;

    public async Task InitializeAsync()
    {
        github = await FakeGitHub.StartAsync();
        github.Push("dev", message: "Drop the old database");
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
    public async Task An_older_run_that_lists_the_comments_after_the_newer_run_posted_leaves_them_alone()
    {
        var older = github.HeadSha;
        var pause = github.PauseAt("GET", Repo + "/issues/7/comments");
        var runA = runner.PullRequestAsync("synchronize", run: 200, headSha: older);
        await pause.Reached.WaitAsync(Patience);

        var newer = github.Push("dev", message: "second push").Sha;
        var b = await runner.PullRequestAsync("synchronize", run: 201);
        pause.Release();
        var a = await runA.WaitAsync(Patience);

        Assert.Equal((0, 0), (a.ExitCode, b.ExitCode));
        Assert.Contains("records a newer run (201", a.Stdout, StringComparison.Ordinal);
        AssertOneCommentOf(201, newer);
        var headStatus = Assert.Single(github.Statuses, s => s.Sha == newer);
        Assert.Equal("pending", headStatus.State);
        // The older run reports on its own commit only, which no longer decides the merge.
        Assert.All(github.Statuses.Where(s => s.Sha != newer), s => Assert.Equal(older, s.Sha));
    }

    [Fact]
    public async Task A_run_whose_head_is_no_longer_the_last_commit_leaves_the_comment_to_the_newer_push_whatever_its_run_id()
    {
        // A re-run of the older push's job can carry a higher run id than the newer push's run:
        // the commit order decides, not the run id.
        var older = github.HeadSha;
        var pause = github.PauseAt("GET", Repo + "/pulls/7/commits");
        var runA = runner.PullRequestAsync("synchronize", run: 300, headSha: older);
        await pause.Reached.WaitAsync(Patience);

        var newer = github.Push("dev", message: "second push").Sha;
        var b = await runner.PullRequestAsync("synchronize", run: 201);
        var labelsAfterB = github.Labels.ToArray();
        pause.Release();
        var a = await runA.WaitAsync(Patience);

        Assert.Equal((0, 0), (a.ExitCode, b.ExitCode));
        Assert.Contains("was pushed after", a.Stdout, StringComparison.Ordinal);
        AssertOneCommentOf(201, newer);
        Assert.Equal(labelsAfterB, github.Labels.ToArray());
        Assert.Equal("pending", Assert.Single(github.Statuses, s => s.Sha == newer).State);
    }

    [Fact]
    public async Task Two_runs_creating_the_comment_at_the_same_time_end_with_the_lowest_id_holding_the_newest_run()
    {
        var both = github.PauseAt("POST", Repo + "/issues/7/comments", times: 2);
        var runA = runner.PullRequestAsync("opened", run: 200);
        var runB = runner.PullRequestAsync("reopened", run: 201);
        await both.Reached.WaitAsync(Patience);

        both.Release();
        var results = await Task.WhenAll(runA, runB).WaitAsync(Patience);

        Assert.All(results, r => Assert.Equal(0, r.ExitCode));
        Assert.Equal(2, github.CreatedComments.Count);
        var survivor = AssertOneCommentOf(201, github.HeadSha);
        Assert.Equal(github.CreatedComments.Min(), survivor.Id);
        Assert.Single(results, r => r.Stdout.Contains("deleted the duplicate", StringComparison.Ordinal));
        Assert.All(github.Statuses, s => Assert.Equal("pending", s.State));
    }

    [Fact]
    public async Task A_review_run_racing_a_new_push_does_not_turn_the_new_head_green()
    {
        github.Permissions["alice"] = "write";
        await runner.PullRequestAsync("opened", run: 200);
        github.Review("alice", "APPROVED");

        // The review event was for the first commit; a push lands before its run reads the comment.
        var first = github.HeadSha;
        var pause = github.PauseAt("GET", Repo + "/issues/7/comments");
        var review = runner.RunAsync("pull_request_review", "submitted", 201, first);
        await pause.Reached.WaitAsync(Patience);
        var newer = github.Push("dev", message: "sneaky second push").Sha;
        await runner.PullRequestAsync("synchronize", run: 202);
        pause.Release();
        await review.WaitAsync(Patience);

        Assert.Equal("pending", Assert.Single(github.Statuses, s => s.Sha == newer).State);
        AssertOneCommentOf(202, newer);
    }

    private FakeComment AssertOneCommentOf(long runId, string headSha)
    {
        var comment = Assert.Single(github.Comments);
        var state = StickyComment.ReadState(comment.Body, out var tampered);
        Assert.False(tampered);
        Assert.Equal((runId, headSha), (state!.RunId, state.HeadSha));
        return comment;
    }
}
