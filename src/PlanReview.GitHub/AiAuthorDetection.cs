using System.Collections.Immutable;
using System.Text.RegularExpressions;

namespace PlanReview.GitHub;

/// <summary>The known AI agents: account logins, branch prefixes, and names or addresses seen in <c>Co-authored-by</c> trailers.</summary>
public sealed record AiAgentCatalog(
    ImmutableArray<string> Logins,
    ImmutableArray<string> BranchPrefixes,
    ImmutableArray<string> TrailerNames)
{
    public static AiAgentCatalog Default { get; } = new(
        [
            "Copilot", "copilot-swe-agent", "copilot-swe-agent[bot]", "github-copilot[bot]", "claude[bot]", "claude-code[bot]",
            "cursor[bot]", "cursor-agent[bot]", "devin-ai-integration[bot]", "chatgpt-codex-connector[bot]", "codex[bot]",
            "google-labs-jules[bot]", "gemini-code-assist[bot]", "amazon-q-developer[bot]", "openhands-agent", "sweep-ai[bot]",
        ],
        ["copilot/", "claude/", "codex/", "cursor/", "devin/", "jules/", "openhands/"],
        [
            "Claude", "noreply@anthropic.com", "Copilot", "copilot@github.com", "Cursor Agent", "cursoragent@cursor.com",
            "Devin", "devin-ai-integration[bot]", "Codex", "aider", "noreply@aider.chat", "Jules", "OpenHands", "openhands@all-hands.dev",
        ]);

    /// <summary>The catalog with extra entries (from the <c>ai-agents</c> and <c>ai-branch-prefixes</c> inputs).</summary>
    public AiAgentCatalog With(IEnumerable<string> extraAgents, IEnumerable<string> extraPrefixes)
    {
        var agents = extraAgents.Where(a => a.Length > 0).ToArray();
        return new AiAgentCatalog(
            Logins.AddRange(agents),
            BranchPrefixes.AddRange(extraPrefixes.Where(p => p.Length > 0)),
            TrailerNames.AddRange(agents));
    }
}

/// <summary>
/// Decides whether a pull request was authored by an AI agent, from several independent signals, and
/// says which fired. Pure: the caller passes the author, the head branch and the commit messages.
/// </summary>
public static class AiAuthorDetection
{
    private static readonly Regex Trailer = new(
        @"^\s*Co-authored-by:\s*(?<name>[^<\r\n]*?)\s*(?:<(?<email>[^>\r\n]*)>)?\s*$",
        RegexOptions.IgnoreCase | RegexOptions.Multiline | RegexOptions.CultureInvariant,
        TimeSpan.FromSeconds(1));

    public static ImmutableArray<string> Detect(
        string authorLogin,
        bool authorIsBot,
        string headRef,
        IEnumerable<string> commitMessages,
        AiAgentCatalog catalog)
    {
        var signals = ImmutableArray.CreateBuilder<string>();
        if (catalog.Logins.Any(l => string.Equals(l, authorLogin, StringComparison.OrdinalIgnoreCase)))
        {
            signals.Add($"the author {authorLogin} is a known AI agent");
        }
        else if (ApprovalPolicy.IsBot(authorLogin, authorIsBot))
        {
            signals.Add($"the author {authorLogin} is a bot account");
        }

        var prefix = catalog.BranchPrefixes.FirstOrDefault(p => headRef.StartsWith(p, StringComparison.OrdinalIgnoreCase));
        if (prefix is not null)
        {
            signals.Add($"the branch {headRef} starts with {prefix}");
        }

        var agents = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var message in commitMessages)
        {
            foreach (Match match in Trailer.Matches(message))
            {
                var name = match.Groups["name"].Value.Trim();
                var email = match.Groups["email"].Value.Trim();
                if (IsKnownAgent(name, email, catalog))
                {
                    agents.Add(name.Length > 0 ? name : email);
                }
            }
        }

        if (agents.Count > 0)
        {
            signals.Add($"Co-authored-by trailer of {string.Join(", ", agents)}");
        }

        return signals.ToImmutable();
    }

    private static bool IsKnownAgent(string name, string email, AiAgentCatalog catalog)
    {
        foreach (var known in catalog.TrailerNames)
        {
            if (known.Contains('@', StringComparison.Ordinal))
            {
                if (string.Equals(email, known, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }

                continue;
            }

            // "Claude", "Claude Opus 4", "aider (gpt-4o)": the agent's name leads the trailer's name.
            if (string.Equals(name, known, StringComparison.OrdinalIgnoreCase) ||
                name.StartsWith(known + " ", StringComparison.OrdinalIgnoreCase) ||
                name.StartsWith(known + "[", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        // GitHub's noreply address of an agent account: 198982749+Copilot@users.noreply.github.com.
        var at = email.IndexOf('@', StringComparison.Ordinal);
        if (at > 0 && email.EndsWith("@users.noreply.github.com", StringComparison.OrdinalIgnoreCase))
        {
            var local = email[..at];
            var plus = local.IndexOf('+', StringComparison.Ordinal);
            var login = plus >= 0 ? local[(plus + 1)..] : local;
            return catalog.Logins.Any(l => string.Equals(l, login, StringComparison.OrdinalIgnoreCase));
        }

        return false;
    }
}
