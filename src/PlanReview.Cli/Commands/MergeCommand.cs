using System.Collections.Immutable;
using System.CommandLine;
using System.Text;
using PlanReview.Core.Analysis;
using PlanReview.Core.Configuration;
using PlanReview.Core.Model;
using PlanReview.Reporting.Json;
using PlanReview.Reporting.Markdown;
using PlanReview.Reporting.Model;
using PlanReview.Reporting.Sarif;
using PlanReview.Reporting.Text;

namespace PlanReview.Cli.Commands;

/// <summary>
/// <c>planreview merge --json OUT [--markdown F] [--sarif F] [--config F] REPORT…</c>: combines the JSON
/// reports of a matrix of plan jobs (one per stack) into one report with one decision.
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

        var command = new Command("merge", "Merge per-stack JSON reports into one: summaries added up, changes and findings kept with their stack, one decision; exit 0, 1 (approval required) or 2.")
        {
            reports, json, markdown, sarif, config, quiet,
        };

        command.SetAction((parse, cancellationToken) =>
        {
            try
            {
                var policy = parse.GetValue(config) is { } configPath ? PlanAnalysis.LoadPolicy(configPath) : null;
                var paths = ExpandReports(parse.GetValue(reports) ?? []);
                var inputs = paths.Select(p =>
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    return (Path: p, Report: ReadReport(p));
                }).ToArray();
                var merged = Merge(inputs, PlanAnalysis.SharedEngine.Descriptors, policy);

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
    /// Merges reports. Plans, changes, findings and blast radius are kept per plan; a plan path that two
    /// reports share (each job analysed its own <c>plan.json</c>) is renamed <c>REPORT:PATH</c> so that
    /// the stacks stay apart. Without a policy the decision requires approval when any input did, with
    /// the counts summed and each reason prefixed with its report; with a policy the summed counts are
    /// checked against its thresholds again (findings keep the severity their own job gave them).
    /// </summary>
    public static Report Merge(IReadOnlyList<(string Path, Report Report)> inputs, IEnumerable<DiagnosticDescriptor> catalog, Policy? policy)
    {
        if (inputs.Count == 0)
        {
            throw new ReportReadException("(no input)", "no report given");
        }

        var shared = inputs.SelectMany(i => i.Report.Plans.Select(p => p.Path).Distinct(StringComparer.Ordinal))
            .GroupBy(p => p, StringComparer.Ordinal)
            .Where(g => g.Count() > 1)
            .Select(g => g.Key)
            .ToHashSet(StringComparer.Ordinal);
        var renamed = inputs.Select(i => Rename(i.Report, i.Path, shared)).ToArray();

        var summary = renamed.Aggregate(ChangeSummary.Empty, (sum, r) => sum + r.Summary);
        var changes = renamed.SelectMany(r => r.Changes)
            .OrderBy(c => c.Plan, StringComparer.Ordinal)
            .ThenBy(c => c.Address, StringComparer.Ordinal)
            .ThenBy(c => c.Deposed ?? string.Empty, StringComparer.Ordinal)
            .ToImmutableArray();
        var radius = new ReportBlastRadius(
            renamed.SelectMany(r => r.BlastRadius.Destroyed).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToImmutableArray(),
            renamed.SelectMany(r => r.BlastRadius.Replaced).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToImmutableArray(),
            renamed.SelectMany(r => r.BlastRadius.Affected)
                .OrderBy(a => a.Address, StringComparer.Ordinal).ThenBy(a => a.Plan, StringComparer.Ordinal)
                .ToImmutableArray())
        {
            Links = renamed.SelectMany(r => r.BlastRadius.Links).Distinct()
                .OrderBy(l => l.Plan, StringComparer.Ordinal)
                .ThenBy(l => l.Dependency, StringComparer.Ordinal)
                .ThenBy(l => l.Dependent, StringComparer.Ordinal)
                .ToImmutableArray(),
        };

        // The engine's order: severity, id, address, plan, message.
        var diagnostics = DiagnosticOrder.Sort(renamed.SelectMany(r => r.Diagnostics));
        var rules = catalog.Concat(renamed.SelectMany(r => r.Rules))
            .DistinctBy(d => d.Id)
            .OrderBy(d => d.Id, StringComparer.Ordinal)
            .ToImmutableArray();

        var destroyed = renamed.Sum(r => r.Decision.DestroyCount);
        var replaced = renamed.Sum(r => r.Decision.ReplaceCount);
        var decision = policy is null
            ? new Decision(
                renamed.Any(r => r.Decision.ApprovalRequired),
                renamed.Max(r => r.Decision.RequiredApprovals),
                inputs.Zip(renamed).SelectMany(x => x.Second.Decision.Reasons.Select(reason => $"{Label(x.Second, x.First.Path)}: {reason}")).ToImmutableArray(),
                destroyed,
                replaced)
            : Decision.Make(destroyed, replaced, diagnostics, policy, " across the stacks");

        return new Report(renamed.SelectMany(r => r.Plans).ToImmutableArray(), summary, changes, radius, diagnostics, rules, decision);
    }


    /// <summary>How a reason names its stack: the plan paths of its report, else the report file.</summary>
    private static string Label(Report report, string reportPath) =>
        report.Plans.IsEmpty ? reportPath : string.Join(", ", report.Plans.Select(p => p.Path));

    private static Report Rename(Report report, string reportPath, HashSet<string> shared)
    {
        string Map(string? plan) => plan is not null && shared.Contains(plan) ? $"{reportPath}:{plan}" : plan ?? string.Empty;
        if (!report.Plans.Any(p => shared.Contains(p.Path)))
        {
            return report;
        }

        return report with
        {
            Plans = report.Plans.Select(p => p with { Path = Map(p.Path) }).ToImmutableArray(),
            Changes = report.Changes.Select(c => c with { Plan = Map(c.Plan) }).ToImmutableArray(),
            Diagnostics = report.Diagnostics.Select(d => d.PlanSource is not null && shared.Contains(d.PlanSource) ? d with { PlanSource = Map(d.PlanSource) } : d).ToImmutableArray(),
            BlastRadius = report.BlastRadius with
            {
                Affected = report.BlastRadius.Affected.Select(a => a with { Plan = Map(a.Plan) }).ToImmutableArray(),
                Links = report.BlastRadius.Links.Select(l => l with { Plan = Map(l.Plan) }).ToImmutableArray(),
            },
        };
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
