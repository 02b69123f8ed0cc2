using System.Collections;
using System.CommandLine;
using PlanReview.GitHub;

namespace PlanReview.Cli.Commands;

/// <summary>
/// <c>planreview github</c>: the GitHub Action's entry point. It takes no options: everything comes from
/// the runner's environment (<c>GITHUB_*</c>, and the action's inputs as <c>INPUT_*</c>); see docs/github-action.md.
/// </summary>
public static class GitHubActionCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var command = new Command("github", "Run as the GitHub Action: analyze the pull request's plans, post the comment and the commit status (reads the runner environment).");
        command.SetAction(async (_, cancellationToken) =>
        {
            var environment = Environment.GetEnvironmentVariables()
                .Cast<DictionaryEntry>()
                .ToDictionary(e => (string)e.Key, e => (string?)e.Value ?? string.Empty, StringComparer.Ordinal);
            var input = new GitHubCommandInput(
                environment,
                (paths, policy) => PlanAnalysis.Analyze(PlanAnalysis.LoadPlans(paths, format: null, cancellationToken), policy),
                stdout,
                stderr);
            return await GitHubCommand.RunAsync(input, cancellationToken);
        });
        return command;
    }
}
