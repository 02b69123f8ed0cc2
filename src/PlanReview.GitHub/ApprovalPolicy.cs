using System.Collections.Immutable;
using PlanReview.Reporting.Model;

namespace PlanReview.GitHub;

/// <summary>The states of a pull-request review, as the API writes them.</summary>
public enum ReviewState
{
    Other,
    Approved,
    ChangesRequested,
    Commented,
    Dismissed,
    Pending,
}

/// <summary>One review from <c>GET /repos/{o}/{r}/pulls/{n}/reviews</c>, reduced to what the policy needs.</summary>
public sealed record Review(long Id, string Login, bool IsBot, ReviewState State, string? CommitId, DateTimeOffset? SubmittedAt);

/// <summary>What the API said about one reviewer: write permission or more, and membership of the approvers list.</summary>
public sealed record ReviewerFacts(bool HasWriteAccess, bool IsListedApprover);

/// <summary>The facts about the pull request that the policy judges against.</summary>
/// <param name="HeadSha">The current head commit: only approvals of this commit count.</param>
/// <param name="Author">The pull request's author.</param>
/// <param name="Contributors">Logins of the authors and committers of the pull request's commits (GitHub's own <c>web-flow</c> left out).</param>
/// <param name="RequiredApprovals">How many eligible approvals are needed.</param>
/// <param name="Approvers">Users and <c>org/team</c> slugs; empty means any reviewer with write access.</param>
public sealed record ApprovalContext(
    string HeadSha,
    string Author,
    ImmutableHashSet<string> Contributors,
    int RequiredApprovals,
    ImmutableArray<string> Approvers);

/// <summary>The verdict of the approval policy.</summary>
public sealed record ApprovalOutcome(
    bool Approved,
    bool ChangesRequested,
    int Required,
    ImmutableArray<ApproverLine> Counted,
    ImmutableArray<ApproverLine> NotCounted,
    ImmutableArray<ApproverLine> ChangeRequesters,
    ImmutableArray<string> Invalidated)
{
    public ApprovalSummary ToSummary(ImmutableArray<string> aiSignals) =>
        new(Approved, Required, Counted, NotCounted.AddRange(ChangeRequesters), aiSignals, Invalidated);
}

/// <summary>
/// Who may approve (after palantir/policy-bot). Pure: the API facts (permission, team membership)
/// are gathered first for the reviewers named by <see cref="ReviewersNeedingFacts"/>, then
/// <see cref="Evaluate"/> decides. A review counts when it is the reviewer's latest decisive review,
/// APPROVED, on the current head commit, by a human who is neither the author nor a contributor of any
/// commit of the pull request, with write access, and listed when an approvers list is set.
/// </summary>
public static class ApprovalPolicy
{
    /// <summary>GitHub's own committer for commits made in the web UI and merges: never a person.</summary>
    public const string WebFlowLogin = "web-flow";

    /// <summary>
    /// Each reviewer's latest decisive review. A COMMENTED review does not withdraw an approval or a
    /// change request (GitHub's own rule), so only APPROVED, CHANGES_REQUESTED and DISMISSED are decisive.
    /// </summary>
    public static ImmutableArray<Review> LatestDecisive(IEnumerable<Review> reviews) => reviews
        .Where(r => r.State is ReviewState.Approved or ReviewState.ChangesRequested or ReviewState.Dismissed)
        .GroupBy(r => r.Login, StringComparer.OrdinalIgnoreCase)
        .Select(g => g.OrderBy(r => r.SubmittedAt ?? DateTimeOffset.MinValue).ThenBy(r => r.Id).Last())
        .OrderBy(r => r.Login, StringComparer.OrdinalIgnoreCase)
        .ToImmutableArray();

    public static bool IsBot(string login, bool typeIsBot) =>
        typeIsBot || login.EndsWith("[bot]", StringComparison.OrdinalIgnoreCase);

    /// <summary>The reviewers whose permission and membership must be asked: only those not already ruled out.</summary>
    public static ImmutableArray<string> ReviewersNeedingFacts(IEnumerable<Review> reviews, ApprovalContext context) => LatestDecisive(reviews)
        .Where(r => r.State switch
        {
            ReviewState.Approved => StaticReason(r, context) is null,
            ReviewState.ChangesRequested => !IsBot(r.Login, r.IsBot),
            _ => false,
        })
        .Select(r => r.Login)
        .ToImmutableArray();

    public static ApprovalOutcome Evaluate(IEnumerable<Review> reviews, ApprovalContext context, IReadOnlyDictionary<string, ReviewerFacts> facts)
    {
        var counted = ImmutableArray.CreateBuilder<ApproverLine>();
        var notCounted = ImmutableArray.CreateBuilder<ApproverLine>();
        var changeRequesters = ImmutableArray.CreateBuilder<ApproverLine>();
        var invalidated = ImmutableArray.CreateBuilder<string>();
        var listed = !context.Approvers.IsDefaultOrEmpty;

        foreach (var review in LatestDecisive(reviews))
        {
            var fact = Lookup(facts, review.Login);
            switch (review.State)
            {
                case ReviewState.Approved:
                    if (!string.Equals(review.CommitId, context.HeadSha, StringComparison.OrdinalIgnoreCase))
                    {
                        invalidated.Add($"{review.Login}'s approval of {Short(review.CommitId)} was invalidated by a new push (head is {Short(context.HeadSha)})");
                        continue;
                    }

                    var reason = StaticReason(review, context)
                        ?? (fact is null ? "their permission could not be checked" : null)
                        ?? (fact!.HasWriteAccess ? null : "no write access to the repository")
                        ?? (listed && !fact.IsListedApprover ? "not in the approvers list" : null);
                    if (reason is null)
                    {
                        counted.Add(new ApproverLine(review.Login, listed ? "approved the head commit; listed approver with write access" : "approved the head commit; write access"));
                    }
                    else
                    {
                        notCounted.Add(new ApproverLine(review.Login, reason));
                    }

                    break;

                // A change request blocks until dismissed or superseded, whatever commit it was made on
                // (GitHub keeps it across pushes too); only people whose approval could count may block.
                case ReviewState.ChangesRequested when !IsBot(review.Login, review.IsBot) && fact is { HasWriteAccess: true } && (!listed || fact.IsListedApprover):
                    changeRequesters.Add(new ApproverLine(review.Login, "requested changes"));
                    break;
                case ReviewState.ChangesRequested:
                    notCounted.Add(new ApproverLine(review.Login, "requested changes but is not an eligible reviewer"));
                    break;
            }
        }

        var required = Math.Max(1, context.RequiredApprovals);
        var blocked = changeRequesters.Count > 0;
        return new ApprovalOutcome(
            !blocked && counted.Count >= required,
            blocked,
            required,
            counted.ToImmutable(),
            notCounted.ToImmutable(),
            changeRequesters.ToImmutable(),
            invalidated.ToImmutable());
    }

    /// <summary>The reasons an approval cannot count that need no API call; null when none applies.</summary>
    private static string? StaticReason(Review review, ApprovalContext context)
    {
        if (IsBot(review.Login, review.IsBot))
        {
            return "bots cannot approve";
        }

        if (string.Equals(review.Login, context.Author, StringComparison.OrdinalIgnoreCase))
        {
            return "the pull request's author cannot approve it";
        }

        if (context.Contributors.Contains(review.Login))
        {
            return "authored or committed a commit of this pull request";
        }

        return null;
    }

    private static ReviewerFacts? Lookup(IReadOnlyDictionary<string, ReviewerFacts> facts, string login) =>
        facts.TryGetValue(login, out var fact) ? fact : facts.FirstOrDefault(p => string.Equals(p.Key, login, StringComparison.OrdinalIgnoreCase)).Value;

    internal static string Short(string? sha) => sha is null ? "an unknown commit" : sha.Length > 7 ? sha[..7] : sha;
}
