using System.Collections.Immutable;

namespace PlanReview.GitHub.Tests;

public sealed class ApprovalPolicyTests
{
    private const string Head = "1111111111111111111111111111111111111111";
    private const string Old = "0000000000000000000000000000000000000000";
    private static readonly DateTimeOffset T0 = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static ApprovalContext Context(int required = 1, params string[] approvers) => new(
        Head,
        "author",
        ImmutableHashSet.Create(StringComparer.OrdinalIgnoreCase, "committer"),
        required,
        [.. approvers]);

    private static Review Approve(string login, string commit = Head, int minutes = 0, bool bot = false, long id = 0) =>
        new(id == 0 ? minutes + 1 : id, login, bot, ReviewState.Approved, commit, T0.AddMinutes(minutes));

    private static Dictionary<string, ReviewerFacts> Writers(params string[] logins) =>
        logins.ToDictionary(l => l, _ => new ReviewerFacts(true, true), StringComparer.OrdinalIgnoreCase);

    [Fact]
    public void Eligible_approval_of_the_head_counts()
    {
        var outcome = ApprovalPolicy.Evaluate([Approve("alice")], Context(), Writers("alice"));

        Assert.True(outcome.Approved);
        Assert.Equal("alice", Assert.Single(outcome.Counted).Login);
    }

    [Theory]
    [InlineData("author", false, "author")]
    [InlineData("committer", false, "committed")]
    [InlineData("COMMITTER", false, "committed")]
    [InlineData("renovate[bot]", false, "bots")]
    [InlineData("some-app", true, "bots")]
    public void Approvals_that_can_never_count_are_rejected_without_asking_the_api(string login, bool bot, string reasonPart)
    {
        var reviews = new[] { Approve(login, bot: bot) };

        Assert.Empty(ApprovalPolicy.ReviewersNeedingFacts(reviews, Context()));
        var outcome = ApprovalPolicy.Evaluate(reviews, Context(), Writers(login));
        Assert.False(outcome.Approved);
        Assert.Contains(reasonPart, Assert.Single(outcome.NotCounted).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_only_reviewer_does_not_count()
    {
        var facts = new Dictionary<string, ReviewerFacts> { ["reader"] = new(false, false) };

        var outcome = ApprovalPolicy.Evaluate([Approve("reader")], Context(), facts);

        Assert.False(outcome.Approved);
        Assert.Equal("no write access to the repository", Assert.Single(outcome.NotCounted).Reason);
    }

    [Fact]
    public void Approval_of_an_older_commit_is_listed_as_invalidated()
    {
        var outcome = ApprovalPolicy.Evaluate([Approve("alice", Old)], Context(), Writers("alice"));

        Assert.False(outcome.Approved);
        Assert.Empty(outcome.Counted);
        Assert.Contains("invalidated by a new push", Assert.Single(outcome.Invalidated), StringComparison.Ordinal);
    }

    [Fact]
    public void Unlisted_writer_does_not_count_when_approvers_are_set()
    {
        var facts = new Dictionary<string, ReviewerFacts> { ["bob"] = new(true, false) };

        var outcome = ApprovalPolicy.Evaluate([Approve("bob")], Context(1, "alice", "org/sre"), facts);

        Assert.False(outcome.Approved);
        Assert.Equal("not in the approvers list", Assert.Single(outcome.NotCounted).Reason);
    }

    [Fact]
    public void Required_count_is_respected()
    {
        var reviews = new[] { Approve("alice"), Approve("bob", minutes: 1) };

        Assert.False(ApprovalPolicy.Evaluate(reviews.Take(1), Context(2), Writers("alice", "bob")).Approved);
        Assert.True(ApprovalPolicy.Evaluate(reviews, Context(2), Writers("alice", "bob")).Approved);
    }

    [Fact]
    public void Latest_decisive_review_wins_and_a_comment_does_not_withdraw_an_approval()
    {
        var reviews = new[]
        {
            new Review(1, "alice", false, ReviewState.ChangesRequested, Head, T0),
            new Review(2, "alice", false, ReviewState.Approved, Head, T0.AddMinutes(1)),
            new Review(3, "alice", false, ReviewState.Commented, Head, T0.AddMinutes(2)),
        };

        var outcome = ApprovalPolicy.Evaluate(reviews, Context(), Writers("alice"));

        Assert.True(outcome.Approved);
        Assert.False(outcome.ChangesRequested);
    }

    [Fact]
    public void Eligible_change_request_blocks_even_with_enough_approvals()
    {
        var reviews = new[]
        {
            Approve("alice"),
            new Review(9, "carol", false, ReviewState.ChangesRequested, Old, T0),
        };

        var outcome = ApprovalPolicy.Evaluate(reviews, Context(), Writers("alice", "carol"));

        Assert.False(outcome.Approved);
        Assert.True(outcome.ChangesRequested);
        Assert.Equal("carol", Assert.Single(outcome.ChangeRequesters).Login);
    }

    [Fact]
    public void Change_request_by_a_read_only_user_does_not_block()
    {
        var reviews = new[] { Approve("alice"), new Review(9, "reader", false, ReviewState.ChangesRequested, Head, T0) };
        var facts = Writers("alice");
        facts["reader"] = new ReviewerFacts(false, false);

        var outcome = ApprovalPolicy.Evaluate(reviews, Context(), facts);

        Assert.True(outcome.Approved);
        Assert.False(outcome.ChangesRequested);
    }

    [Fact]
    public void Dismissed_approval_does_not_count()
    {
        var reviews = new[] { Approve("alice"), new Review(5, "alice", false, ReviewState.Dismissed, Head, T0.AddMinutes(5)) };

        var outcome = ApprovalPolicy.Evaluate(reviews, Context(), Writers("alice"));

        Assert.False(outcome.Approved);
        Assert.Empty(outcome.Counted);
    }

    [Fact]
    public void Missing_facts_never_count()
    {
        var outcome = ApprovalPolicy.Evaluate([Approve("alice")], Context(), new Dictionary<string, ReviewerFacts>());

        Assert.False(outcome.Approved);
        Assert.Equal("their permission could not be checked", Assert.Single(outcome.NotCounted).Reason);
    }
}
