using PlanReview.Core.Analysis;

namespace PlanReview.GitHub.Rules;

/// <summary>
/// PRV503: the pull request looks authored by an AI coding agent. Informational by default: it
/// explains why the gate applies under <c>ai-only: true</c> and tells reviewers which signals fired.
/// </summary>
public static class PRV503AiAuthoredPullRequest
{
    public static readonly DiagnosticDescriptor Descriptor = new(
        RuleIds.AiAuthoredPullRequest,
        "AI-authored pull request",
        "The pull request looks authored by an AI agent: {0}",
        "Provenance",
        Severity.Info,
        true,
        "Signals: the author is a bot or a known agent account, the branch has an agent's prefix, or a commit has a Co-authored-by trailer of a known agent. The person who steered the agent cannot approve its work.");
}
