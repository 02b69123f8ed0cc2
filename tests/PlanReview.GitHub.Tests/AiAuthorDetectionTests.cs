namespace PlanReview.GitHub.Tests;

public sealed class AiAuthorDetectionTests
{
    [Fact]
    public void Human_author_on_a_plain_branch_fires_nothing()
    {
        var signals = AiAuthorDetection.Detect("alice", false, "feature/db", ["Add a database\n\nCo-authored-by: Bob <bob@example.com>"], AiAgentCatalog.Default);

        Assert.Empty(signals);
    }

    [Theory]
    [InlineData("Copilot", false, "known AI agent")]
    [InlineData("copilot-swe-agent[bot]", true, "known AI agent")]
    [InlineData("claude[bot]", true, "known AI agent")]
    [InlineData("dependabot[bot]", true, "bot account")]
    public void Author_signals(string login, bool bot, string expected)
    {
        var signal = Assert.Single(AiAuthorDetection.Detect(login, bot, "main-fix", [], AiAgentCatalog.Default));

        Assert.Contains(expected, signal, StringComparison.Ordinal);
        Assert.Contains(login, signal, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("copilot/fix-123")]
    [InlineData("claude/refactor-db")]
    [InlineData("codex/x")]
    [InlineData("Cursor/x")]
    [InlineData("devin/1700000000-drop-table")]
    public void Branch_prefix_signal(string branch)
    {
        var signal = Assert.Single(AiAuthorDetection.Detect("alice", false, branch, [], AiAgentCatalog.Default));

        Assert.Contains("starts with", signal, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Co-authored-by: Claude <noreply@anthropic.com>", "Claude")]
    [InlineData("co-authored-by: Claude Opus 4 <noreply@anthropic.com>", "Claude Opus 4")]
    [InlineData("Co-Authored-By: someone <198982749+Copilot@users.noreply.github.com>", "someone")]
    [InlineData("Co-authored-by: aider (gpt-4o) <noreply@aider.chat>", "aider (gpt-4o)")]
    public void Co_authored_by_trailer_of_an_agent(string trailer, string name)
    {
        var signals = AiAuthorDetection.Detect("alice", false, "feature", ["Fix it\n\n" + trailer + "\n"], AiAgentCatalog.Default);

        Assert.Equal($"Co-authored-by trailer of {name}", Assert.Single(signals));
    }

    [Fact]
    public void Catalog_is_configurable()
    {
        var catalog = AiAgentCatalog.Default.With(["acme-agent"], ["robot/"]);

        var signals = AiAuthorDetection.Detect("acme-agent", false, "robot/x", ["x\n\nCo-authored-by: acme-agent <a@acme.test>"], catalog);

        Assert.Equal(3, signals.Length);
        Assert.Empty(AiAuthorDetection.Detect("acme-agent", false, "robot/x", [], AiAgentCatalog.Default));
    }

    [Fact]
    public void Several_signals_are_all_reported_in_order()
    {
        var signals = AiAuthorDetection.Detect("claude[bot]", true, "claude/x", ["Co-authored-by: Claude <noreply@anthropic.com>"], AiAgentCatalog.Default);

        Assert.Equal(3, signals.Length);
        Assert.StartsWith("the author", signals[0], StringComparison.Ordinal);
        Assert.StartsWith("the branch", signals[1], StringComparison.Ordinal);
        Assert.StartsWith("Co-authored-by", signals[2], StringComparison.Ordinal);
    }
}
