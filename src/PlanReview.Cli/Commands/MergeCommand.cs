using System.Collections.Immutable;
using System.CommandLine;
using System.Text;
using PlanReview.Core.Configuration;
using PlanReview.Reporting.Json;
using PlanReview.Reporting.Markdown;
using PlanReview.Reporting.Merge;
using PlanReview.Reporting.Model;
using PlanReview.Reporting.Sarif;
using PlanReview.Reporting.Text;

namespace PlanReview.Cli.Commands;

/// <summary>
/// <c>planreview merge --json OUT [--markdown F] [--sarif F] [--config F] [--allow-mixed-commits] REPORT…</c>:
/// combines the JSON reports of a matrix of plan jobs (one per stack) into one report with one decision.
/// </summary>
public static class MergeCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var reports = new Argument<string[]>("reports")
        {
            Arity = ArgumentArity.OneOrMore,
            Description = "JSON reports written by `planreview analyze --json`, or folders of them (*.json).",
        };
        var json = new Option<string?>("--json") { Description = "Write the merged JSON report to this file (- for standard output)." };
        var markdown = new Option<string?>("--markdown") { Description = "Write the merged Markdown report (the PR comment) to this file (- for standard output)." };
        var sarif = new Option<string?>("--sarif") { Description = "Write the merged SARIF 2.1.0 log to this file (- for standard output)." };
        var config = new Option<string?>("--config") { Description = "Re-check the summed destroy and replace counts against this policy's thresholds and approvals." };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print nothing; the exit code says the verdict." };
        var allowMixedCommits = new Option<bool>("--allow-mixed-commits")
        {
            Description = "Merge reports made for different commits (a warning on standard error) instead of refusing them with exit 2.",
        };

        var command = new Command("merge", "Merge per-stack JSON reports into one: summaries added up, changes and findings kept with their stack, one decision; exit 0, 1 (approval required) or 2.")
        {
            reports, json, markdown, sarif, config, quiet, allowMixedCommits,
        };

        command.SetAction((parse, cancellationToken) =>
        {
            try
            {
                var policy = parse.GetValue(config) is { } configPath ? PlanAnalysis.LoadPolicy(configPath) : null;
                var inputs = ReadReports(parse.GetValue(reports) ?? [], cancellationToken);
                if (MixedCommits(inputs) is { } commits)
                {
                    // The CLI has no pull request head to check each report against (the Action does), but stacks
                    // planned from different commits would gate a state of the branch that no job ever planned.
                    if (!parse.GetValue(allowMixedCommits))
                    {
                        stderr.WriteLine($"planreview: the reports were made for different commits: {commits}; re-run the stale jobs, or pass --allow-mixed-commits to merge them anyway");
                        return Task.FromResult(CliApplication.ExitUnusable);
                    }

                    stderr.WriteLine($"planreview: warning: the reports were made for different commits: {commits}; merged anyway (--allow-mixed-commits)");
                }

                var merged = ReportMerger.Merge(inputs, PlanAnalysis.SharedEngine.Descriptors, policy);

                OutputFile.Write(parse.GetValue(json), stdout, w => JsonReportWriter.Write(merged, w));
                OutputFile.Write(parse.GetValue(markdown), stdout, w => w.Write(MarkdownReport.Render(merged, new MarkdownOptions { MaxLength = int.MaxValue, QuietWhenSafe = false })));
                OutputFile.Write(parse.GetValue(sarif), stdout, w => SarifReportWriter.Write(merged, new SarifOptions(), w));

                var toStdout = new[] { parse.GetValue(json), parse.GetValue(markdown), parse.GetValue(sarif) }.Contains("-");
                if (!parse.GetValue(quiet) && !toStdout)
                {
                    TextReport.Write(merged, stdout, color: false);
                }

                return Task.FromResult(merged.Decision.ApprovalRequired ? CliApplication.ExitApprovalRequired : CliApplication.ExitOk);
            }
            catch (ReportReadException ex)
            {
                stderr.WriteLine($"planreview: {ex.Message}");
                return Task.FromResult(CliApplication.ExitUnusable);
            }
            catch (PolicyException ex)
            {
                stderr.WriteLine($"planreview: {ex.Message}");
                return Task.FromResult(CliApplication.ExitUnusable);
            }
            catch (IOException ex)
            {
                stderr.WriteLine($"planreview: {ex.Message.ReplaceLineEndings(" ")}");
                return Task.FromResult(CliApplication.ExitUnusable);
            }
        });
        return command;
    }

    /// <summary>
    /// Reads the reports named on the command line or in the Action's <c>reports</c> input: files, or
    /// folders searched for <c>*.json</c> (artifacts download into one folder per job), <c>-</c> for
    /// standard input. Any unreadable report is a <see cref="ReportReadException"/> naming it.
    /// </summary>
    public static ImmutableArray<ReportFile> ReadReports(IEnumerable<string> inputs, CancellationToken cancellationToken) =>
        ExpandReports(inputs).Select(p =>
        {
            cancellationToken.ThrowIfCancellationRequested();
            return new ReportFile(p, ReadReport(p));
        }).ToImmutableArray();

    /// <summary>
    /// The commits of reports that name two or more different ones, each with its reports in command-line order
    /// (<c>0123abc (a.json, c.json), 4567def (b.json)</c>), else null. A report without a commit does not count: it
    /// contradicts none. Commits are compared as the merge compares them (hex, any case); both they and the paths
    /// are text a branch controls, so control characters are stripped before they reach the terminal.
    /// </summary>
    public static string? MixedCommits(IEnumerable<ReportFile> inputs)
    {
        var byCommit = inputs.Where(i => !string.IsNullOrEmpty(i.Report.Commit))
            .GroupBy(i => i.Report.Commit!, StringComparer.OrdinalIgnoreCase)
            .ToList();
        return byCommit.Count < 2
            ? null
            : string.Join(", ", byCommit.Select(g => $"{TextReport.Safe(g.Key)} ({string.Join(", ", g.Select(i => TextReport.Safe(i.Path)))})"));
    }

    private static Report ReadReport(string path)
    {
        try
        {
            using var text = path == "-"
                ? new StreamReader(Console.OpenStandardInput(), new UTF8Encoding(false, true))
                : new StreamReader(path, new UTF8Encoding(false, true), detectEncodingFromByteOrderMarks: true);
            return JsonReportReader.Read(text, path, PlanAnalysis.SharedEngine.Descriptors);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ReportReadException(path, "no such file");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ReportReadException(path, $"cannot be read: {ex.Message.ReplaceLineEndings(" ")}");
        }
        catch (DecoderFallbackException)
        {
            throw new ReportReadException(path, "is not valid UTF-8 text; expected a report written by `planreview analyze --json`");
        }
    }

    private static ImmutableArray<string> ExpandReports(IEnumerable<string> inputs)
    {
        var result = ImmutableArray.CreateBuilder<string>();
        foreach (var input in inputs)
        {
            if (input != "-" && Directory.Exists(input))
            {
                // Artifacts download into one folder per job: look one level down too.
                result.AddRange(Directory.EnumerateFiles(input, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal));
            }
            else
            {
                result.Add(input);
            }
        }

        if (result.Count == 0)
        {
            throw new ReportReadException(string.Join(" ", inputs), "holds no *.json report");
        }

        return result.ToImmutable();
    }
}
