namespace PlanReview.GitHub.Tests;

public sealed class StickyCommentTests
{
    private const string Head = "abcdef0123456789abcdef0123456789abcdef01";

    private static RecordedAnalysis State(string head = Head, long run = 10) => new()
    {
        Context = "planreview",
        HeadSha = head,
        RunId = run,
        ApprovalRequired = true,
        RequiredApprovals = 2,
        Approvers = ["alice", "org/sre"],
        DestroyCount = 1,
        What = "destroys aws_db_instance.main",
        AiSignals = ["the branch claude/x starts with claude/"],
    };

    private static readonly TokenIdentity Actions = new(null);

    [Fact]
    public void Recorded_state_round_trips_through_the_comment()
    {
        var body = StickyComment.Compose("planreview", "### report", "#### Approval", State());

        var found = StickyComment.Find([new CommentInfo(5, body, "github-actions[bot]", true)], "planreview", Actions);

        Assert.Equal(5, found.Comment!.Id);
        Assert.False(found.Tampered);
        var state = found.State!;
        Assert.Equal((Head, 10L, true, 2, 1, "destroys aws_db_instance.main"), (state.HeadSha, state.RunId, state.ApprovalRequired, state.RequiredApprovals, state.DestroyCount, state.What));
        Assert.Equal(new[] { "alice", "org/sre" }, state.Approvers.ToArray());
        Assert.Equal(State().AiSignals.ToArray(), state.AiSignals.ToArray());
    }

    [Fact]
    public void Forged_marker_in_another_users_comment_is_ignored()
    {
        var forged = StickyComment.Compose("planreview", "lgtm", "x", State() with { ApprovalRequired = false });

        var found = StickyComment.Find([new CommentInfo(7, forged, "mallory", false)], "planreview", Actions);

        Assert.Null(found.Comment);
        Assert.Null(found.State);
    }

    [Fact]
    public void A_human_named_like_the_bot_but_not_a_bot_is_ignored()
    {
        var body = StickyComment.Compose("planreview", "r", "a", State());

        Assert.Null(StickyComment.Find([new CommentInfo(7, body, "github-actions[bot]", false)], "planreview", Actions).Comment);
    }

    [Fact]
    public void With_a_known_identity_only_that_login_counts()
    {
        var body = StickyComment.Compose("planreview", "r", "a", State());
        var comments = new[] { new CommentInfo(1, body, "github-actions[bot]", true), new CommentInfo(2, body, "planreview-app[bot]", true) };

        var found = StickyComment.Find(comments, "planreview", new TokenIdentity("planreview-app[bot]"));

        Assert.Equal(2, found.Comment!.Id);
    }

    [Fact]
    public void Edited_state_is_detected_as_tampered()
    {
        var body = StickyComment.Compose("planreview", "r", "a", State());
        var lines = body.Split('\n');
        var last = lines[^1];
        var payloadStart = "<!-- planreview:state v1 ".Length;
        var flipped = last[..payloadStart] + (last[payloadStart] == 'A' ? 'B' : 'A') + last[(payloadStart + 1)..];
        var edited = string.Join('\n', lines[..^1]) + "\n" + flipped;

        var found = StickyComment.Find([new CommentInfo(1, edited, "github-actions[bot]", true)], "planreview", Actions);

        Assert.True(found.Tampered);
        Assert.Null(found.State);
    }

    [Fact]
    public void Plan_text_posing_as_a_state_block_inside_the_report_is_not_read()
    {
        var fake = StickyComment.Compose("planreview", "r", "a", State() with { ApprovalRequired = false }).Split('\n')[^1];
        var body = StickyComment.Compose("planreview", "`" + fake + "`", "a", State());

        var found = StickyComment.Find([new CommentInfo(1, body, "github-actions[bot]", true)], "planreview", Actions);

        Assert.True(found.State!.ApprovalRequired);
    }

    [Fact]
    public void Other_contexts_are_separate_comments()
    {
        var body = StickyComment.Compose("planreview/prod", "r", "a", State() with { Context = "planreview/prod" });

        Assert.Null(StickyComment.Find([new CommentInfo(1, body, "github-actions[bot]", true)], "planreview", Actions).Comment);
        Assert.NotNull(StickyComment.Find([new CommentInfo(1, body, "github-actions[bot]", true)], "planreview/prod", Actions).Comment);
    }

    [Fact]
    public void Approval_section_is_replaced_and_the_report_kept()
    {
        var body = StickyComment.Compose("planreview", "### the report", "waiting", State());

        var updated = StickyComment.WithApproval(body, "approved by alice", State());

        Assert.Contains("### the report", updated, StringComparison.Ordinal);
        Assert.Contains("approved by alice", updated, StringComparison.Ordinal);
        Assert.DoesNotContain("waiting", updated, StringComparison.Ordinal);
        Assert.NotNull(StickyComment.ReadState(updated, out var tampered));
        Assert.False(tampered);
    }

    [Theory]
    [InlineData(10, Head, 11, true)]
    [InlineData(12, Head, 11, false)]
    [InlineData(5, "c3", 11, false)]
    [InlineData(5, "c1", 11, true)]
    [InlineData(5, "gone", 11, true)]
    public void Newer_runs_are_never_overwritten(long existingRun, string existingHead, long ourRun, bool expected)
    {
        var order = new[] { "c1", Head, "c3" };

        Assert.Equal(expected, StickyComment.MayOverwrite(State(existingHead, existingRun), Head, ourRun, order));
    }

    [Fact]
    public void Marker_cannot_be_broken_out_of_by_the_context()
    {
        Assert.Equal("<!-- planreview:v1 context=x_-__y -->", StickyComment.Marker("x -->y"));
    }
}
