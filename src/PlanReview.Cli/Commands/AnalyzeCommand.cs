using System.CommandLine;
using System.Collections.Immutable;
using PlanReview.Core.Configuration;
using PlanReview.Core.Model;
using PlanReview.GitHub;
using PlanReview.Readers;
using PlanReview.Reporting.Html;
using PlanReview.Reporting.Json;
using PlanReview.Reporting.Markdown;
using PlanReview.Reporting.Model;
using PlanReview.Reporting.Sarif;
using PlanReview.Reporting.Text;

namespace PlanReview.Cli.Commands;

/// <summary><c>planreview analyze PLAN… [--json F] [--markdown F] [--sarif F] [--html F] [--config F]</c>.</summary>
public static class AnalyzeCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var plans = new Argument<string[]>("plans")
        {
            Arity = ArgumentArity.OneOrMore,
            Description = "Plan files (JSON), folders of them, or - for standard input. Formats are detected by content.",
        };
        var json = new Option<string?>("--json") { Description = "Write the JSON report to this file (- for standard output)." };
        var markdown = new Option<string?>("--markdown") { Description = "Write the Markdown report (the PR comment) to this file (- for standard output)." };
        var sarif = new Option<string?>("--sarif") { Description = "Write SARIF 2.1.0 (for code scanning) to this file (- for standard output)." };
        var html = new Option<string?>("--html") { Description = "Write a standalone HTML report to this file (- for standard output)." };
        var sourceRoot = new Option<string?>("--source-root") { Description = "The folder SARIF locations are relative to: the root Terraform module or Pulumi project (default: the working directory)." };
        var template = new Option<string?>("--template") { Description = "The CloudFormation template (YAML or JSON), to locate logical ids in SARIF." };
        var config = new Option<string?>("--config") { Description = $"The policy file (default: {PlanAnalysis.DefaultPolicyPath} when it exists)." };
        var format = new Option<string?>("--format") { Description = "Force the input format instead of detecting it." };
        format.AcceptOnlyFromAmong("terraform", "cloudformation", "pulumi");
        var maxDestroy = new Option<int?>("--max-destroy") { Description = "Destroys allowed without approval (overrides the policy; default 0)." };
        var maxReplace = new Option<int?>("--max-replace") { Description = "Replacements allowed without approval (overrides the policy; default 0)." };
        var requiredApprovals = new Option<int?>("--required-approvals") { Description = "Approvals required when approval is needed (overrides the policy; default 1)." };
        var noColor = new Option<bool>("--no-color") { Description = "Plain text even on a terminal (NO_COLOR is honoured too)." };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print nothing; the exit code says the verdict." };
        var commit = new Option<string?>("--commit") { Description = "The commit the plans were made from, recorded in the JSON report (default in GitHub Actions: the pull request's head commit, else GITHUB_SHA)." };

        var command = new Command("analyze", "Analyze plans: print the blast radius and findings; exit 0 (no approval needed), 1 (approval required) or 2 (unusable input).")
        {
            plans, json, markdown, sarif, html, sourceRoot, template, config, format, maxDestroy, maxReplace, requiredApprovals, noColor, quiet, commit,
        };

        command.SetAction((parse, cancellationToken) =>
        {
            try
            {
                var policy = PlanAnalysis.LoadPolicy(parse.GetValue(config));
                policy = policy with
                {
                    MaxDestroy = parse.GetValue(maxDestroy) ?? policy.MaxDestroy,
                    MaxReplace = parse.GetValue(maxReplace) ?? policy.MaxReplace,
                    RequiredApprovals = parse.GetValue(requiredApprovals) ?? policy.RequiredApprovals,
                };
                if (policy.MaxDestroy < 0 || policy.MaxReplace < 0 || policy.RequiredApprovals < 1)
                {
                    stderr.WriteLine("planreview: --max-destroy and --max-replace must be 0 or more, --required-approvals 1 or more");
                    return Task.FromResult(CliApplication.ExitUnusable);
                }

                var forced = parse.GetValue(format) is { } f ? Enum.Parse<PlanFormat>(f, ignoreCase: true) : (PlanFormat?)null;
                var loaded = LoadPlans(parse.GetValue(plans) ?? [], forced, stderr, cancellationToken);
                var result = PlanAnalysis.Analyze(loaded, policy);
                var report = ReportBuilder.Build(result, PlanAnalysis.SharedEngine.Descriptors) with
                {
                    Commit = parse.GetValue(commit) ?? RunnerCommit.FromEnvironment(Environment.GetEnvironmentVariable),
                };

                OutputFile.Write(parse.GetValue(json), stdout, w => JsonReportWriter.Write(report, w));
                OutputFile.Write(parse.GetValue(markdown), stdout, w => w.Write(MarkdownReport.Render(report, new MarkdownOptions { MaxLength = int.MaxValue, QuietWhenSafe = false })));
                if (parse.GetValue(sarif) is { } sarifPath)
                {
                    var root = parse.GetValue(sourceRoot) ?? Directory.GetCurrentDirectory();
                    if (!Directory.Exists(root))
                    {
                        stderr.WriteLine($"planreview: --source-root {root}: no such folder");
                        return Task.FromResult(CliApplication.ExitUnusable);
                    }

                    var templatePath = parse.GetValue(template);
                    if (templatePath is not null && !File.Exists(templatePath))
                    {
                        stderr.WriteLine($"planreview: --template {templatePath}: no such file");
                        return Task.FromResult(CliApplication.ExitUnusable);
                    }

                    var locator = new FileSystemSourceLocator(root, templatePath);
                    OutputFile.Write(sarifPath, stdout, w => SarifReportWriter.Write(report, new SarifOptions { SourceLocator = locator }, w));
                }

                OutputFile.Write(parse.GetValue(html), stdout, w => w.Write(HtmlReportWriter.Render(report, new HtmlOptions())));

                var toStdout = new[] { json, markdown, sarif, html }.Any(o => parse.GetValue(o) == "-");
                if (!parse.GetValue(quiet) && !toStdout)
                {
                    var color = !parse.GetValue(noColor) && !Console.IsOutputRedirected && ReferenceEquals(stdout, Console.Out)
                        && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));
                    TextReport.Write(report, stdout, color);
                }

                return Task.FromResult(report.Decision.ApprovalRequired ? CliApplication.ExitApprovalRequired : CliApplication.ExitOk);
            }
            catch (PlanReadException ex)
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
    /// Reads every plan (as <see cref="PlanAnalysis.LoadPlans"/> does); a file over
    /// <see cref="ProgressStream.Threshold"/> shows its progress on standard error when that is a terminal.
    /// </summary>
    private static ImmutableArray<Plan> LoadPlans(IEnumerable<string> inputs, PlanFormat? format, TextWriter stderr, CancellationToken cancellationToken)
    {
        var showProgress = ReferenceEquals(stderr, Console.Error) && !Console.IsErrorRedirected;
        if (!showProgress)
        {
            return PlanAnalysis.LoadPlans(inputs, format, cancellationToken);
        }

        var paths = PlanLoader.ExpandInputs(inputs);
        if (paths.IsEmpty)
        {
            throw new PlanReadException("(no input)", "no plan file given");
        }

        return paths.Select(path =>
        {
            var size = path == "-" ? 0 : new FileInfo(path) is { Exists: true } info ? info.Length : 0;
            if (size < ProgressStream.Threshold)
            {
                return PlanLoader.Default.Load(path, format, cancellationToken);
            }

            Stream file;
            try
            {
                file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Let the loader report it the usual way.
                return PlanLoader.Default.Load(path, format, cancellationToken);
            }

            using var progress = new ProgressStream(file, size, Path.GetFileName(path), stderr);
            return PlanLoader.Default.Load(progress, path, format, cancellationToken);
        }).ToImmutableArray();
    }
}
