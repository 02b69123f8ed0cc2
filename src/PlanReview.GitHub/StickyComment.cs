using System.Collections.Immutable;
using System.Text;
using System.Text.RegularExpressions;

namespace PlanReview.GitHub;

/// <summary>An issue comment as the sticky-comment logic needs it.</summary>
/// <param name="NodeId">The GraphQL node id (<c>node_id</c>), which <c>minimizeComment</c> needs; null when GitHub did not give one.</param>
public sealed record CommentInfo(long Id, string Body, string AuthorLogin, bool AuthorIsBot, string? NodeId = null);

/// <summary>Whose comments may carry the marker: the token's identity, or GitHub Actions' bot when that identity cannot be asked.</summary>
/// <param name="Login">The authenticated login (<c>GET /user</c>), or null when the token cannot read it (GITHUB_TOKEN).</param>
public sealed record TokenIdentity(string? Login)
{
    /// <summary>The identity that GITHUB_TOKEN writes as.</summary>
    public const string ActionsBot = "github-actions[bot]";

    /// <summary>
    /// A comment counts only when written by the token's identity. When <c>GET /user</c> works, that is
    /// exactly its login. When it does not (GITHUB_TOKEN is an installation token and gets 403), the only
    /// accepted author is <c>github-actions[bot]</c> of type Bot: no person can post as that account.
    /// </summary>
    public bool Wrote(CommentInfo comment) => Login is { } login
        ? string.Equals(comment.AuthorLogin, login, StringComparison.OrdinalIgnoreCase)
        : comment.AuthorIsBot && string.Equals(comment.AuthorLogin, ActionsBot, StringComparison.OrdinalIgnoreCase);
}

/// <summary>What was found in the pull request's comments.</summary>
/// <param name="Comment">The latest comment of ours for this status context, or null.</param>
/// <param name="State">Its recorded analysis; null when none or when the block was edited (see <see cref="Tampered"/>).</param>
/// <param name="Older">Earlier comments of ours for the same context (for hide-and-new).</param>
public sealed record StickyCommentLookup(CommentInfo? Comment, RecordedAnalysis? State, bool Tampered, ImmutableArray<CommentInfo> Older);

/// <summary>
/// The one comment PlanReview keeps per pull request and status context. Its first line is a hidden
/// marker, its last line the recorded analysis, and between two hidden delimiters sits the approval
/// section that review runs rewrite. Positions are fixed (first line, last line, last delimiter) so
/// that text from a plan, which the report renders inside code spans, can never pose as one of them.
/// </summary>
public static class StickyComment
{
    /// <summary>GitHub rejects longer comment bodies with 422.</summary>
    public const int MaxBodyLength = 65_536;

    public const string ApprovalStart = "<!-- planreview:approval -->";
    public const string ApprovalEnd = "<!-- /planreview:approval -->";

    private const string StatePrefix = "<!-- planreview:state v1 ";

    private static readonly Regex StateLine = new(
        @"^<!-- planreview:state v1 (?<payload>[A-Za-z0-9_-]+) sha256=(?<sum>[0-9a-f]{64}) -->$",
        RegexOptions.CultureInvariant,
        TimeSpan.FromSeconds(1));

    /// <summary>The hidden first line, e.g. <c>&lt;!-- planreview:v1 context=planreview --&gt;</c>.</summary>
    public static string Marker(string context) => $"<!-- planreview:v1 context={SafeContext(context)} -->";

    /// <summary>The whole comment body. <paramref name="report"/> must leave room: see <see cref="ReportBudget"/>.</summary>
    public static string Compose(string context, string report, string approvalSection, RecordedAnalysis state)
    {
        var body = new StringBuilder(report.Length + approvalSection.Length + 1024);
        body.Append(Marker(context)).Append('\n');
        body.Append(report.TrimEnd('\n')).Append("\n\n");
        body.Append(ApprovalStart).Append('\n');
        body.Append(approvalSection.TrimEnd('\n')).Append('\n');
        body.Append(ApprovalEnd).Append('\n');
        body.Append(StatePrefix).Append(state.Serialize()).Append(" -->");
        return body.ToString();
    }

    /// <summary>How long the report part may be so that the body stays under GitHub's limit.</summary>
    public static int ReportBudget(string context, string approvalSection, RecordedAnalysis state) =>
        MaxBodyLength - 256 - Marker(context).Length - approvalSection.Length - state.Serialize().Length - ApprovalStart.Length - ApprovalEnd.Length;

    /// <summary>Replaces the approval section and the recorded state of an existing body of ours (review runs).</summary>
    public static string WithApproval(string body, string approvalSection, RecordedAnalysis state)
    {
        var lines = body.Replace("\r\n", "\n", StringComparison.Ordinal);
        var stateAt = lines.LastIndexOf('\n');
        var head = stateAt < 0 ? lines : lines[..stateAt];
        var start = head.LastIndexOf(ApprovalStart, StringComparison.Ordinal);
        var end = start < 0 ? -1 : head.IndexOf(ApprovalEnd, start, StringComparison.Ordinal);
        var before = start < 0 ? head.TrimEnd('\n') + "\n\n" : head[..start];
        var after = end < 0 ? string.Empty : head[(end + ApprovalEnd.Length)..].Trim('\n');
        var result = new StringBuilder(body.Length + approvalSection.Length);
        result.Append(before).Append(ApprovalStart).Append('\n').Append(approvalSection.TrimEnd('\n')).Append('\n').Append(ApprovalEnd).Append('\n');
        if (after.Length > 0)
        {
            result.Append(after).Append('\n');
        }

        result.Append(StatePrefix).Append(state.Serialize()).Append(" -->");
        return result.ToString();
    }

    /// <summary>Whether any comment starts with the marker for this context (cheap: no identity needed yet).</summary>
    public static bool AnyMarked(IEnumerable<CommentInfo> comments, string context)
    {
        var marker = Marker(context);
        return comments.Any(c => FirstLine(c.Body) == marker);
    }

    /// <summary>
    /// Finds our comment: first line is the marker for this context, and the author is the token's
    /// identity. A marker in anybody else's comment is ignored, so nobody can plant a recorded analysis.
    /// </summary>
    public static StickyCommentLookup Find(IEnumerable<CommentInfo> comments, string context, TokenIdentity identity)
    {
        var marker = Marker(context);
        var ours = comments
            .Where(c => identity.Wrote(c) && FirstLine(c.Body) == marker)
            .OrderBy(c => c.Id)
            .ToImmutableArray();
        if (ours.IsEmpty)
        {
            return new StickyCommentLookup(null, null, false, []);
        }

        var latest = ours[^1];
        var state = ReadState(latest.Body, out var tampered);
        return new StickyCommentLookup(latest, state, tampered, ours.RemoveAt(ours.Length - 1));
    }

    /// <summary>Reads the recorded analysis from the last line; <paramref name="tampered"/> when a block is there but does not verify.</summary>
    public static RecordedAnalysis? ReadState(string body, out bool tampered)
    {
        var normalized = body.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n');
        var last = normalized[(normalized.LastIndexOf('\n') + 1)..];
        var match = StateLine.Match(last);
        if (!match.Success)
        {
            tampered = last.StartsWith(StatePrefix, StringComparison.Ordinal);
            return null;
        }

        var state = RecordedAnalysis.Deserialize(match.Groups["payload"].Value, match.Groups["sum"].Value);
        tampered = state is null;
        return state;
    }

    /// <summary>
    /// Whether a run may overwrite the existing comment. Never when the comment was written by a later
    /// run (higher run id), nor when it is about a commit that comes after this run's head in the pull
    /// request's current commit list (a late run of an earlier push).
    /// </summary>
    public static bool MayOverwrite(RecordedAnalysis? existing, string headSha, long runId, IReadOnlyList<string> commitOrder)
    {
        if (existing is null)
        {
            return true;
        }

        if (existing.RunId > runId)
        {
            return false;
        }

        if (string.Equals(existing.HeadSha, headSha, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var ourPosition = IndexOf(commitOrder, headSha);
        var theirPosition = IndexOf(commitOrder, existing.HeadSha);
        return !(theirPosition > ourPosition);
    }

    /// <summary>The body an older comment gets in hide-and-new mode: no marker, so it is never read again.</summary>
    public static string Superseded(long newCommentId) =>
        $"<!-- planreview:superseded -->\n_This PlanReview report is outdated: see the newer comment (#issuecomment-{newCommentId})._";

    private static int IndexOf(IReadOnlyList<string> list, string sha)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (string.Equals(list[i], sha, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    private static string FirstLine(string body)
    {
        var newline = body.IndexOf('\n', StringComparison.Ordinal);
        return (newline < 0 ? body : body[..newline]).TrimEnd('\r');
    }

    // A status context is free text from the workflow; keep it from closing the HTML comment.
    private static string SafeContext(string context)
    {
        var safe = new StringBuilder(context.Length);
        foreach (var c in context)
        {
            safe.Append(char.IsLetterOrDigit(c) || c is '-' or '_' or '/' or '.' or ':' ? c : '_');
        }

        // "--" may not appear inside an HTML comment.
        var text = safe.ToString();
        while (text.Contains("--", StringComparison.Ordinal))
        {
            text = text.Replace("--", "-_", StringComparison.Ordinal);
        }

        return text;
    }
}
