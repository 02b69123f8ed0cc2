using System.Collections;
using System.CommandLine;
using PlanReview.Core.Analysis;
using PlanReview.GitHub;
using PlanReview.Reporting.Annotations;
using PlanReview.Reporting.Model;
using PlanReview.Reporting.Sarif;

namespace PlanReview.Cli.Commands;

/// <summary>
/// <c>planreview github</c>: the GitHub Action's entry point. It takes no options: everything comes from
/// the runner's environment (<c>GITHUB_*</c>, and the action's inputs as <c>INPUT_*</c>); see docs/github-action.md.
/// </summary>
public static class GitHubActionCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var command = new Command("github", "Run as the GitHub Action: analyze the pull request's plans (or merge the matrix's reports), post the comment and the commit status (reads the runner environment).");
        command.SetAction(async (_, cancellationToken) =>
        {
            var environment = Environment.GetEnvironmentVariables()
                .Cast<DictionaryEntry>()
                .ToDictionary(e => (string)e.Key, e => (string?)e.Value ?? string.Empty, StringComparer.Ordinal);
            AnalysisResult? analysed = null;
            Report? merged = null;
            var input = new GitHubCommandInput(
                environment,
                (paths, policy) => analysed = PlanAnalysis.Analyze(PlanAnalysis.LoadPlans(paths, format: null, cancellationToken), policy),
                stdout,
                stderr)
            {
                ReadReports = paths => MergeCommand.ReadReports(paths, cancellationToken),
                Merged = report => merged = report,
            };
            var exit = await GitHubCommand.RunAsync(input, cancellationToken);
            if ((analysed is null ? merged : ReportBuilder.Build(analysed, PlanAnalysis.SharedEngine.Descriptors)) is { } report)
            {
                // The findings also become annotations on the pull request's files, at the declaring lines
                // (in merge mode, where the merge job's checkout has the stacks' sources).
                var sourceRoot = environment.GetValueOrDefault("INPUT_SOURCE-ROOT") is { Length: > 0 } root ? root
                    : environment.GetValueOrDefault("GITHUB_WORKSPACE") is { Length: > 0 } workspace ? workspace
                    : Directory.GetCurrentDirectory();
                var locator = new FileSystemSourceLocator(sourceRoot);
                WorkflowAnnotations.Write(report, locator, stdout);

                // For code scanning (github/codeql-action/upload-sarif), when the workflow asks for it.
                if (environment.GetValueOrDefault("INPUT_SARIF") is { Length: > 0 } sarifPath)
                {
                    OutputFile.Write(Path.GetFullPath(sarifPath, sourceRoot), stdout, w => SarifReportWriter.Write(report, new SarifOptions { SourceLocator = locator }, w));
                }
            }

            return exit;
        });
        return command;
    }
}
