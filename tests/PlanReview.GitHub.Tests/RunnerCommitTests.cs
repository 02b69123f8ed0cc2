namespace PlanReview.GitHub.Tests;

/// <summary>The commit <c>planreview analyze</c> records in a report when it runs in GitHub Actions.</summary>
public sealed class RunnerCommitTests : IDisposable
{
    private readonly DirectoryInfo dir = Directory.CreateTempSubdirectory("planreview-commit-");

    public void Dispose() => dir.Delete(recursive: true);

    [Theory]
    [InlineData("""{"pull_request":{"head":{"sha":"headsha1"}}}""", "headsha1")]
    [InlineData("""{"push":{}}""", "mergesha")]
    [InlineData("""{"pull_request":{"head":{"sha":42}}}""", "mergesha")]
    [InlineData("{broken", "mergesha")]
    public void The_pull_requests_head_wins_over_github_sha(string payload, string expected)
    {
        var eventPath = Path.Combine(dir.FullName, "event.json");
        File.WriteAllText(eventPath, payload);
        var env = new Dictionary<string, string> { ["GITHUB_SHA"] = "mergesha", ["GITHUB_EVENT_PATH"] = eventPath };

        Assert.Equal(expected, RunnerCommit.FromEnvironment(env.GetValueOrDefault));
    }

    [Fact]
    public void Outside_actions_there_is_no_commit() =>
        Assert.Null(RunnerCommit.FromEnvironment(_ => null));
}
