using System.CommandLine;
using PlanReview.Cli.Commands;

namespace PlanReview.Cli;

/// <summary>
/// Wiring only: the commands, their options and the exit codes. Exit codes: 0 no approval
/// required, 1 approval required, 2 unusable input or a usage error. No stack trace, ever.
/// </summary>
public static class CliApplication
{
    public const int ExitOk = 0;
    public const int ExitApprovalRequired = 1;
    public const int ExitUnusable = 2;

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken = default)
    {
        var root = new RootCommand("planreview: the blast radius of an infrastructure plan, and a human's approval before anything is destroyed.");
        root.Subcommands.Add(AnalyzeCommand.Create(stdout, stderr));
        root.Subcommands.Add(RulesCommand.Create(stdout, stderr));
        root.Subcommands.Add(MergeCommand.Create(stdout, stderr));
        root.Subcommands.Add(GitHubActionCommand.Create(stdout, stderr));

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                await stderr.WriteLineAsync($"planreview: {error.Message}");
            }

            await stderr.WriteLineAsync("Run `planreview --help` for usage.");
            return ExitUnusable;
        }

        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false }, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            await stderr.WriteLineAsync("planreview: cancelled");
            return ExitUnusable;
        }
        catch (Exception ex)
        {
            // The last line of defence: never a stack trace, never exit 0.
            await stderr.WriteLineAsync($"planreview: internal error ({ex.GetType().Name}): {ex.Message.ReplaceLineEndings(" ")}");
            return ExitUnusable;
        }
    }
}
