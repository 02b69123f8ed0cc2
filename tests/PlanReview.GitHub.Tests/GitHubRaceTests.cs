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
        var results = await BothFirstRunsAtOnceAsync();

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

    // comment: hide-and-new and new. A run creates its comment first and lists the comments after it:
    // of two runs, either the newer one's list shows the older one's comment (and retires it), or the
    // older one's list shows the newer one's comment (and it withdraws its own). No run ever edits a
    // comment that records a newer run, so there is no lost update whatever the interleaving. In each
    // case below, run 100 commented on the first push, A (run 200) is a late run of that push, and B
    // (run 201) the run of the second push, pushed once A has listed the commits.

    [Theory]
    [InlineData("hide-and-new", "right after its create")]
    [InlineData("new", "right after its create")]
    [InlineData("hide-and-new", "at its list")]
    [InlineData("new", "at its list")]
    public async Task New_comment_modes_an_older_run_held_right_after_its_create_or_at_its_list_withdraws_its_comment(string mode, string heldAt)
    {
        const string Comments = Repo + "/issues/7/comments";
        var race = await RaceAsync(mode, () => heldAt == "at its list" ? github.PauseAt("GET", Comments) : github.PauseAfter("POST", Comments));

        await AssertTheNewerRunWonAsync(mode, race);
        Assert.Contains("records a newer run (201", race.A.Stdout, StringComparison.Ordinal);
        Assert.Contains("is withdrawn", race.A.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("hide-and-new")]
    [InlineData("new")]
    public async Task New_comment_modes_two_runs_held_at_their_create_and_released_together_leave_the_newer_run_the_only_live_comment(string mode)
    {
        var held = await HoldBothAsync(mode, () => github.PauseAt("POST", Repo + "/issues/7/comments"), () => github.PauseAt("POST", Repo + "/issues/7/comments"));

        held.HoldA.Release();
        held.HoldB.Release();
        var results = await Task.WhenAll(held.A, held.B).WaitAsync(Patience);

        await AssertTheNewerRunWonAsync(mode, new Race(results[0], results[1], held.Older, held.Newer));
    }

    [Theory]
    [InlineData("hide-and-new")]
    [InlineData("new")]
    public async Task New_comment_modes_two_first_runs_held_at_their_create_end_with_one_live_comment_of_the_newer_run(string mode)
    {
        // Both find no comment of ours; one head.
        runner.Inputs["INPUT_COMMENT"] = mode;
        await BothFirstRunsAtOnceAsync();

        AssertTheLiveCommentRecords(mode, 201, github.HeadSha);
        Assert.All(github.Statuses, s => Assert.Equal("pending", s.State));
        await AssertAnApprovalTurnsTheHeadGreenAsync();
    }

    [Theory]
    [InlineData("hide-and-new")]
    [InlineData("new")]
    public async Task New_comment_modes_an_older_run_that_listed_before_the_newer_run_wrote_anything_never_edits_its_comment(string mode)
    {
        // The case that is a lost update with comment: update. Here A's comment exists before A lists,
        // so B's list shows it (hide-and-new retires it); A, going on from its stale list, edits nothing of B's.
        FakeComment? newest = null;
        var race = await RaceAsync(
            mode,
            () => github.PauseAfter("GET", Repo + "/issues/7/comments"),
            whenBFinished: () => newest = Assert.Single(github.Comments, c => Recorded(c)?.RunId == 201));

        Assert.Equal(newest, github.Comments.Single(c => c.Id == newest!.Id));
        await AssertTheNewerRunWonAsync(mode, race);
    }

    [Fact]
    public async Task Hide_and_new_a_comment_withdrawn_by_its_run_while_the_newer_run_retires_it_does_not_fail_the_newer_run()
    {
        // B's list shows A's comment, A deletes it (it saw B's), then B retires it: GitHub answers 404.
        var held = await HoldBothAsync("hide-and-new", () => github.PauseAt("GET", Repo + "/issues/7/comments"), () => github.PauseAfter("GET", Repo + "/issues/7/comments"));

        held.HoldA.Release();
        var a = await held.A.WaitAsync(Patience);
        held.HoldB.Release();
        var b = await held.B.WaitAsync(Patience);

        await AssertTheNewerRunWonAsync("hide-and-new", new Race(a, b, held.Older, held.Newer));
        Assert.Contains("is withdrawn", a.Stdout, StringComparison.Ordinal);
        Assert.Contains("was deleted meanwhile (withdrawn by its run)", b.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hide_and_new_a_newer_runs_comment_is_seen_even_when_a_lagging_older_run_posted_after_it()
    {
        // One head, so the run id decides. Run 300 commented; run 150 (lagging) is held right after
        // creating its comment, which is now the last one. Run 200 must look past that last comment.
        runner.Inputs["INPUT_COMMENT"] = "hide-and-new";
        await runner.PullRequestAsync("synchronize", run: 300);
        var newest = Assert.Single(github.Comments);
        var pause = github.PauseAfter("POST", Repo + "/issues/7/comments");
        var lagging = runner.PullRequestAsync("synchronize", run: 150);
        await pause.Reached.WaitAsync(Patience);

        var middle = await runner.PullRequestAsync("synchronize", run: 200);
        pause.Release();
        var late = await lagging.WaitAsync(Patience);

        Assert.Equal((0, 0), (middle.ExitCode, late.ExitCode));
        Assert.Contains("records a newer run (300", middle.Stdout, StringComparison.Ordinal);
        Assert.Contains("records a newer run (300", late.Stdout, StringComparison.Ordinal);
        Assert.Equal(newest, Assert.Single(github.Comments));
        Assert.Empty(github.MinimizedComments);
    }

    [Fact]
    public async Task Update_mode_an_older_run_that_listed_before_the_newer_run_wrote_overwrites_it_the_known_limit_closed_by_the_concurrency_group()
    {
        // Characterises the documented limit, not a wish: GitHub has no conditional update for comments,
        // so A's edit, decided on a list taken before B wrote, lands on top of B's. The gate stays shut
        // (statuses are per commit, and the record is not the head's), but B's report is lost until the
        // plan job runs again; the sample workflows' concurrency group keeps A and B from overlapping.
        var (a, b, older, newer) = await RaceAsync(
            "update",
            () => github.PauseAfter("GET", Repo + "/issues/7/comments"),
            whenBFinished: () => Assert.Equal(201, Recorded(Assert.Single(github.Comments))!.RunId));

        Assert.Equal((0, 0), (a.ExitCode, b.ExitCode));
        AssertOneCommentOf(200, older);
        Assert.Equal("pending", Assert.Single(github.Statuses, s => s.Sha == newer).State);
        github.Permissions["alice"] = "write";
        github.Review("alice", "APPROVED");
        var review = await runner.ReviewAsync();
        Assert.Equal((newer, "pending"), (github.Statuses[^1].Sha, github.Statuses[^1].State));
        Assert.Contains("No PlanReview analysis for", review.Stdout, StringComparison.Ordinal);
    }

    /// <summary>
    /// Run 100 comments on the first push; A (run 200, that push's head) starts and is held where
    /// <paramref name="holdA"/> says; the second push lands and B (run 201) runs to the end; A goes on.
    /// </summary>
    private async Task<Race> RaceAsync(string mode, Func<PausePoint> holdA, Action? whenBFinished = null)
    {
        var older = await FirstCommentAsync(mode);
        var pause = holdA();
        var runA = runner.PullRequestAsync("synchronize", run: 200, headSha: older);
        await pause.Reached.WaitAsync(Patience);

        var newer = github.Push("dev", message: "second push").Sha;
        var b = await runner.PullRequestAsync("synchronize", run: 201);
        whenBFinished?.Invoke();
        pause.Release();
        var a = await runA.WaitAsync(Patience);
        return new Race(a, b, older, newer);
    }

    /// <summary>
    /// Run 100 comments on the first push; A (run 200, that push's head) is held at <paramref name="holdA"/>;
    /// the second push lands and B (run 201) is held at <paramref name="holdB"/>. The test releases them.
    /// </summary>
    private async Task<HeldRuns> HoldBothAsync(string mode, Func<PausePoint> holdA, Func<PausePoint> holdB)
    {
        var older = await FirstCommentAsync(mode);
        var pauseA = holdA();
        var runA = runner.PullRequestAsync("synchronize", run: 200, headSha: older);
        await pauseA.Reached.WaitAsync(Patience);

        // Added once A's request is held: A took the first rule, so B meets this one.
        var newer = github.Push("dev", message: "second push").Sha;
        var pauseB = holdB();
        var runB = runner.PullRequestAsync("synchronize", run: 201);
        await pauseB.Reached.WaitAsync(Patience);
        return new HeldRuns(runA, pauseA, runB, pauseB, older, newer);
    }

    /// <summary>No comment yet: two events of one push (opened, then reopened: runs 200 and 201) are held at their create and released together.</summary>
    private async Task<ActionResult[]> BothFirstRunsAtOnceAsync()
    {
        var both = github.PauseAt("POST", Repo + "/issues/7/comments", times: 2);
        var runA = runner.PullRequestAsync("opened", run: 200);
        var runB = runner.PullRequestAsync("reopened", run: 201);
        await both.Reached.WaitAsync(Patience);

        both.Release();
        var results = await Task.WhenAll(runA, runB).WaitAsync(Patience);
        Assert.All(results, r => Assert.Equal(0, r.ExitCode));
        Assert.Equal(2, github.CreatedComments.Count);
        return results;
    }

    /// <summary>Run 100 comments on the first push in <paramref name="mode"/>; returns that push's head.</summary>
    private async Task<string> FirstCommentAsync(string mode)
    {
        runner.Inputs["INPUT_COMMENT"] = mode;
        var first = await runner.PullRequestAsync("opened", run: 100);
        Assert.Equal(0, first.ExitCode);
        Assert.Equal(100, Recorded(Assert.Single(github.Comments))!.RunId);
        return github.HeadSha;
    }

    /// <summary>
    /// Both runs succeeded; the comment a review run reads records B, and in hide-and-new it is the only
    /// one left unfolded; each head has its own run's status; and an approval then turns B's head green.
    /// </summary>
    private async Task AssertTheNewerRunWonAsync(string mode, Race race)
    {
        var (a, b, older, newer) = race;
        Assert.Equal((0, 0), (a.ExitCode, b.ExitCode));
        AssertTheLiveCommentRecords(mode, 201, newer);
        Assert.Equal("pending", Assert.Single(github.Statuses, s => s.Sha == newer).State);
        Assert.All(github.Statuses.Where(s => s.Sha != newer), s => Assert.Equal((older, "pending"), (s.Sha, s.State)));
        await AssertAnApprovalTurnsTheHeadGreenAsync();
    }

    /// <summary>
    /// The comment a review run reads (the last of ours) records this run and head; in hide-and-new it
    /// is the only one left unfolded, every other one a minimized pointer without the marker.
    /// </summary>
    private void AssertTheLiveCommentRecords(string mode, long runId, string headSha)
    {
        var ours = github.Comments.Where(c => Recorded(c) is not null).OrderBy(c => c.Id).ToList();
        Assert.NotEmpty(ours);
        Assert.Equal((runId, headSha), (Recorded(ours[^1])!.RunId, Recorded(ours[^1])!.HeadSha));
        if (mode == "hide-and-new")
        {
            var live = Assert.Single(github.VisibleComments);
            Assert.Equal(ours[^1], live);
            Assert.All(github.Comments.Where(c => c != live), c =>
            {
                Assert.Equal("OUTDATED", c.MinimizedAs);
                Assert.StartsWith("<!-- planreview:superseded -->", c.Body, StringComparison.Ordinal);
            });
        }
        else
        {
            // new keeps every run's comment; an older run's, when it stays, came before the newer one's.
            Assert.Empty(github.MinimizedComments);
            Assert.Single(ours, c => Recorded(c)!.RunId == runId);
        }
    }

    /// <summary>The recorded analysis a review run then finds is the head's: an approval turns the head green.</summary>
    private async Task AssertAnApprovalTurnsTheHeadGreenAsync()
    {
        github.Permissions["alice"] = "write";
        github.Review("alice", "APPROVED");
        var review = await runner.ReviewAsync();
        Assert.Equal(0, review.ExitCode);
        Assert.Equal((github.HeadSha, "success"), (github.Statuses[^1].Sha, github.Statuses[^1].State));
    }

    private static RecordedAnalysis? Recorded(FakeComment comment) =>
        comment.Body.StartsWith(StickyComment.Marker("planreview"), StringComparison.Ordinal) ? StickyComment.ReadState(comment.Body, out _) : null;

    private FakeComment AssertOneCommentOf(long runId, string headSha)
    {
        var comment = Assert.Single(github.Comments);
        var state = StickyComment.ReadState(comment.Body, out var tampered);
        Assert.False(tampered);
        Assert.Equal((runId, headSha), (state!.RunId, state.HeadSha));
        return comment;
    }

    /// <summary>The two runs of a race: A on the older head, B on the newer one.</summary>
    private sealed record Race(ActionResult A, ActionResult B, string Older, string Newer);

    /// <summary>Two runs held at their pause points, A on the older head, B on the newer one.</summary>
    private sealed record HeldRuns(Task<ActionResult> A, PausePoint HoldA, Task<ActionResult> B, PausePoint HoldB, string Older, string Newer);
}
