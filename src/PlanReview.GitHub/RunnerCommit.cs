using System.Text.Json;

namespace PlanReview.GitHub;

/// <summary>
/// The commit a plan job's plans were made from, as <c>planreview analyze</c> records it in its JSON
/// report when it runs in GitHub Actions (the Action's merge mode checks it against the pull request).
/// </summary>
public static class RunnerCommit
{
    /// <summary>
    /// The pull request's head commit from the event payload (<c>GITHUB_EVENT_PATH</c>) on pull request
    /// events, else <c>GITHUB_SHA</c>, else null. On <c>pull_request</c>, <c>GITHUB_SHA</c> is the merge
    /// commit GitHub made for the run, not the head that reviewers approve: the payload's head is the one
    /// the gate compares with.
    /// </summary>
    public static string? FromEnvironment(Func<string, string?> environment)
    {
        var sha = environment("GITHUB_SHA") is { Length: > 0 } value ? value.Trim() : null;
        if (environment("GITHUB_EVENT_PATH") is not { Length: > 0 } eventPath || !File.Exists(eventPath))
        {
            return sha;
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(eventPath));
            return document.RootElement.TryGetProperty("pull_request", out var pr)
                && pr.ValueKind == JsonValueKind.Object
                && pr.TryGetProperty("head", out var head)
                && head.ValueKind == JsonValueKind.Object
                && head.TryGetProperty("sha", out var headSha)
                && headSha.ValueKind == JsonValueKind.String
                ? headSha.GetString()
                : sha;
        }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException)
        {
            // An unreadable payload records GITHUB_SHA: the merge job then refuses the report if that is
            // not the head, which is the safe side.
            return sha;
        }
    }
}
