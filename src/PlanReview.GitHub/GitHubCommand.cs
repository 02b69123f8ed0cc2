using System.Collections.Immutable;
using System.Globalization;
using Octokit;
using PlanReview.Core.Analysis;
using PlanReview.Core.Configuration;
using PlanReview.GitHub.Rules;
using PlanReview.Reporting.Json;
using PlanReview.Reporting.Markdown;
using PlanReview.Reporting.Merge;
using PlanReview.Reporting.Model;

namespace PlanReview.GitHub;

/// <summary>What <c>planreview github</c> needs from the CLI.</summary>
/// <param name="Environment">The process environment (tests pass a fake runner environment).</param>
/// <param name="Analyze">Loads the plans and runs the engine; any exception means "the plan cannot be read".</param>
/// <param name="Stdout">Progress for the log.</param>
/// <param name="Stderr">Errors and the API call count.</param>
public sealed record GitHubCommandInput(
    IReadOnlyDictionary<string, string> Environment,
    Func<IReadOnlyList<string>, Policy, AnalysisResult> Analyze,
    TextWriter Stdout,
    TextWriter Stderr)
{
    /// <summary>How GitHub's failures are retried (tests inject the delay and the clock).</summary>
    public GitHubRetryOptions Retry { get; init; } = GitHubRetryOptions.Default;

    /// <summary>
    /// Merge mode: reads the JSON reports at these paths (files, or folders searched for <c>*.json</c>);
    /// any exception means "the reports cannot be read". Null when the caller cannot read reports.
    /// </summary>
    public Func<IReadOnlyList<string>, IReadOnlyList<ReportFile>>? ReadReports { get; init; }

    /// <summary>Merge mode: told the merged report of the stacks (before the gate's own findings), for SARIF and annotations.</summary>
    public Action<Report>? Merged { get; init; }
}

/// <summary>
/// <c>planreview github</c>: the Action. On pull_request it analyses the plans (or, in merge mode, merges
/// the JSON reports of a matrix of plan jobs), records the analysis in one sticky comment, labels the pull request and sets the commit status; on pull_request_review it
/// re-evaluates the approvals against the recorded analysis. Exit codes: 0 when it did its job whatever
/// the verdict (the status is what blocks), 1 when the plan or the policy could not be analysed
/// (status error), 2 when the environment or inputs are wrong, 3 when GitHub could not be reached or
/// refused a write.
/// </summary>
public static class GitHubCommand
{
    public const int ExitOk = 0;
    public const int ExitAnalysisFailed = 1;
    public const int ExitConfiguration = 2;
    public const int ExitPublishFailed = 3;

    public const string DestroyLabel = "planreview:destroy";
    public const string ReplaceLabel = "planreview:replace";

    public static async Task<int> RunAsync(GitHubCommandInput input, CancellationToken ct)
    {
        ActionSettings settings;
        PullRequestEvent pullRequest;
        try
        {
            settings = ActionSettings.FromEnvironment(input.Environment);
            if (settings.EventName is not ("pull_request" or "pull_request_target" or "pull_request_review"))
            {
                await input.Stderr.WriteLineAsync($"planreview github: event '{settings.EventName}' is not handled (use pull_request, pull_request_target or pull_request_review)").ConfigureAwait(false);
                return ExitConfiguration;
            }

            string eventJson;
            try
            {
                eventJson = await File.ReadAllTextAsync(settings.EventPath, ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new ActionConfigurationException($"{settings.EventPath}: the event file cannot be read ({ex.Message})");
            }

            pullRequest = PullRequestEvent.Parse(eventJson, settings.EventPath);
        }
        catch (ActionConfigurationException ex)
        {
            await input.Stderr.WriteLineAsync($"planreview github: {ex.Message}").ConfigureAwait(false);
            return ExitConfiguration;
        }

        using var api = new GitHubApi(settings.ApiUrl, settings.Token, settings.Repository, input.Retry, input.Stderr, ct);
        var run = new Run(settings, pullRequest, api, input, ct);
        try
        {
            return settings.EventName == "pull_request_review"
                ? await run.OnReviewAsync().ConfigureAwait(false)
                : await run.OnPullRequestAsync().ConfigureAwait(false);
        }
        catch (GitHubPermissionException ex)
        {
            await input.Stderr.WriteLineAsync($"planreview github: {ex.Message}").ConfigureAwait(false);
            if (ex.Permission != "statuses: write")
            {
                await run.TrySetErrorStatusAsync($"PlanReview: the token lacks {ex.Permission}; see the job log").ConfigureAwait(false);
            }

            return ExitPublishFailed;
        }
        catch (GitHubUnavailableException ex)
        {
            await input.Stderr.WriteLineAsync($"planreview github: {ex.Message}").ConfigureAwait(false);
            await run.TrySetErrorStatusAsync("PlanReview could not talk to GitHub; re-run the job").ConfigureAwait(false);
            return ExitPublishFailed;
        }
        catch (ApiException ex)
        {
            await input.Stderr.WriteLineAsync($"planreview github: GitHub answered {(int)ex.StatusCode} {ex.StatusCode} for {settings.Repository}#{pullRequest.Number.ToString(CultureInfo.InvariantCulture)}: {OneLine(ex.Message)} (check the token's permissions: pull-requests: write, statuses: write, contents: read, issues: write)").ConfigureAwait(false);
            await run.TrySetErrorStatusAsync($"PlanReview could not talk to GitHub ({(int)ex.StatusCode})").ConfigureAwait(false);
            return ExitPublishFailed;
        }
        catch (HttpRequestException ex)
        {
            await input.Stderr.WriteLineAsync($"planreview github: cannot reach {settings.ApiUrl}: {OneLine(ex.Message)}").ConfigureAwait(false);
            return ExitPublishFailed;
        }
        finally
        {
            var retried = api.RetryCount == 0 ? string.Empty : $" ({api.RetryCount.ToString(CultureInfo.InvariantCulture)} of them retries)";
            await input.Stderr.WriteLineAsync($"planreview github: {api.RequestCount.ToString(CultureInfo.InvariantCulture)} GitHub API requests{retried}").ConfigureAwait(false);
        }
    }

    internal static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries)).Trim();

    /// <summary>One run of the Action: the settings, the event and the API, and the steps of each event.</summary>
    private sealed class Run(ActionSettings settings, PullRequestEvent pr, GitHubApi api, GitHubCommandInput input, CancellationToken ct)
    {
        private bool statusSet;
        private TokenIdentity? identity;

        public async Task<int> OnPullRequestAsync()
        {
            // The policy comes from the base branch through the API, never from the checkout: the
            // checkout is the pull request's head, and a pull request must not loosen its own gate.
            Policy policy;
            try
            {
                var text = await api.GetFileAsync(settings.ConfigPath, pr.BaseRef).ConfigureAwait(false);
                policy = text is null
                    ? Policy.Default with { Source = $"{settings.ConfigPath} (absent on {pr.BaseRef}: defaults)" }
                    : PolicyLoader.Parse(text, $"{settings.ConfigPath}@{pr.BaseRef}");
            }
            catch (Exception ex) when (ex is PolicyException or System.Text.DecoderFallbackException)
            {
                return await FailAsync($"the policy file {settings.ConfigPath} on {pr.BaseRef} is invalid: {OneLine(ex.Message)}", []).ConfigureAwait(false);
            }

            policy = ApplyInputs(policy);
            var files = await api.GetChangedFilesAsync(pr.Number).ConfigureAwait(false);
            var commits = await api.GetCommitsAsync(pr.Number).ConfigureAwait(false);
            var gateDiagnostics = await GateDiagnosticsAsync(files).ConfigureAwait(false);
            var aiSignals = AiAuthorDetection.Detect(pr.AuthorLogin, pr.AuthorIsBot, pr.HeadRef, commits.Select(c => c.Message), settings.Agents);

            ct.ThrowIfCancellationRequested();
            var (analysed, problem) = settings.Mode == ActionMode.Merge ? MergeReports(policy) : AnalyzePlans(policy);
            if (analysed is null)
            {
                return await FailAsync(problem!, commits).ConfigureAwait(false);
            }

            var configured = Configure(aiSignals.IsEmpty ? gateDiagnostics : gateDiagnostics.Add(Diagnostic.Create(PRV503AiAuthoredPullRequest.Descriptor, null, string.Join("; ", aiSignals))), policy);
            var result = Combine(analysed, configured);
            var gateIds = configured.Where(d => !d.IsSuppressed && d.Severity == Severity.Error).Select(d => d.Id).Distinct().Order(StringComparer.Ordinal).ToImmutableArray();
            var aiAuthored = !aiSignals.IsEmpty;
            var planGate = result.Decision.ApprovalRequired && (!settings.AiOnly || aiAuthored || !gateIds.IsEmpty);
            var state = new RecordedAnalysis
            {
                Context = settings.StatusContext,
                HeadSha = pr.HeadSha,
                RunId = settings.RunId,
                ApprovalRequired = planGate,
                RequiredApprovals = Math.Max(1, policy.RequiredApprovals),
                Approvers = policy.Approvers,
                DestroyCount = result.Decision.DestroyCount,
                ReplaceCount = result.Decision.ReplaceCount,
                ChangeDigest = RecordedAnalysis.DigestOf(result),
                What = GateText.What(result, gateIds),
                AiSignals = aiSignals,
            };

            // A just-opened pull request has no reviews yet; every other run must look.
            var outcome = state.ApprovalRequired && pr.Action != "opened"
                ? await EvaluateApprovalsAsync(state, commits).ConfigureAwait(false)
                : EmptyOutcome(state);
            var (gate, description) = Verdict(state, outcome);

            var note = settings.AiOnly && !aiAuthored && result.Decision.ApprovalRequired && !planGate
                ? "ai-only is set and no AI-authorship signal fired, so this pull request is not gated."
                : null;
            var approvalSection = GateText.ApprovalSection(state, state.ApprovalRequired ? outcome.ToSummary(aiSignals) : null, note);
            var budget = StickyComment.ReportBudget(settings.StatusContext, approvalSection, state);
            var report = MarkdownReport.Render(result, new MarkdownOptions { MaxLength = budget, FullReportUrl = settings.RunUrl, QuietWhenSafe = settings.QuietComment });

            // Shrinking re-renders the report within a smaller budget: MarkdownReport degrades step by step.
            string Render(double scale) => scale >= 1
                ? StickyComment.Compose(settings.StatusContext, report, approvalSection, state)
                : StickyComment.Compose(settings.StatusContext, MarkdownReport.Render(result, new MarkdownOptions { MaxLength = (int)(budget * scale), FullReportUrl = settings.RunUrl, QuietWhenSafe = settings.QuietComment }), approvalSection, state);

            var published = await PublishCommentAsync(Render, state, commits).ConfigureAwait(false);
            if (published)
            {
                await SyncLabelsAsync(state.DestroyCount > 0, state.ReplaceCount > 0).ConfigureAwait(false);
            }

            // The status comes last: a run that fails before it sets error, never a verdict it did not finish.
            await SetStatusAsync(gate, description).ConfigureAwait(false);

            var reportPath = WriteJsonReport(result);
            WriteOutputs(state, gate, reportPath);
            RunnerFiles.AppendSummary(settings.SummaryPath, report + "\n" + approvalSection);
            await input.Stdout.WriteLineAsync($"planreview github: {settings.StatusContext} {gate.ToString().ToLowerInvariant()} on {ApprovalPolicy.Short(pr.HeadSha)}: {description}").ConfigureAwait(false);
            return ExitOk;
        }

        public async Task<int> OnReviewAsync()
        {
            var comments = await api.GetCommentsAsync(pr.Number).ConfigureAwait(false);
            var found = await FindOursAsync(comments).ConfigureAwait(false);
            if (found.Tampered)
            {
                await SetStatusAsync(GateState.Error, "The recorded PlanReview analysis was edited; re-run the plan job").ConfigureAwait(false);
                await input.Stderr.WriteLineAsync($"planreview github: the recorded analysis in comment {found.Comment!.Id.ToString(CultureInfo.InvariantCulture)} does not verify (it was edited by hand); re-run the plan workflow for {pr.HeadSha}").ConfigureAwait(false);
                return ExitAnalysisFailed;
            }

            var state = found.State;
            if (state is null || !string.Equals(state.HeadSha, pr.HeadSha, StringComparison.OrdinalIgnoreCase))
            {
                var why = $"No PlanReview analysis for {ApprovalPolicy.Short(pr.HeadSha)} yet: the plan job must run for this commit first";
                await SetStatusAsync(GateState.Pending, why).ConfigureAwait(false);
                await input.Stdout.WriteLineAsync($"planreview github: {why}").ConfigureAwait(false);
                WriteOutputs(null, GateState.Pending, null);
                return ExitOk;
            }

            if (state.Error is { } error)
            {
                await SetStatusAsync(GateState.Error, GateText.Fit($"PlanReview failed for this commit: {error}")).ConfigureAwait(false);
                WriteOutputs(state, GateState.Error, null);
                return ExitAnalysisFailed;
            }

            ct.ThrowIfCancellationRequested();
            var commits = await api.GetCommitsAsync(pr.Number).ConfigureAwait(false);
            var outcome = state.ApprovalRequired ? await EvaluateApprovalsAsync(state, commits).ConfigureAwait(false) : EmptyOutcome(state);
            var (gate, description) = Verdict(state, outcome);
            if (settings.Comment != CommentMode.Off && found.Comment is { } comment)
            {
                var section = GateText.ApprovalSection(state, state.ApprovalRequired ? outcome.ToSummary(state.AiSignals) : null, null);
                await api.UpdateCommentAsync(comment.Id, StickyComment.WithApproval(comment.Body, section, state)).ConfigureAwait(false);
            }

            await SetStatusAsync(gate, description).ConfigureAwait(false);
            WriteOutputs(state, gate, null);
            RunnerFiles.AppendSummary(settings.SummaryPath, $"### PlanReview: {gate.ToString().ToLowerInvariant()}\n\n{MarkdownText.Prose(description)}");
            await input.Stdout.WriteLineAsync($"planreview github: {settings.StatusContext} {gate.ToString().ToLowerInvariant()} on {ApprovalPolicy.Short(pr.HeadSha)}: {description}").ConfigureAwait(false);
            return ExitOk;
        }

        /// <summary>Analyse mode: the plans of the <c>plans</c> input, as one report; or why the gate must fail closed.</summary>
        private (Report? Report, string? Problem) AnalyzePlans(Policy policy)
        {
            if (settings.Plans.IsEmpty)
            {
                return (null, "no plan was given (set the plans input)");
            }

            var paths = PlanPaths.Expand(settings.Plans, settings.Workspace, out var unmatched);
            if (!unmatched.IsEmpty)
            {
                return (null, $"no plan file matches {string.Join(", ", unmatched)} (did the plan step run?)");
            }

            try
            {
                var analysis = input.Analyze(paths, WithoutGateRules(policy));
                return (ReportBuilder.Build(analysis, analysis.Diagnostics.Select(d => d.Descriptor).DistinctBy(d => d.Id)), null);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                return (null, $"the plan cannot be read: {OneLine(ex.Message)}");
            }
        }

        /// <summary>
        /// Merge mode: the JSON reports of the <c>reports</c> input merged into one report, the summed
        /// counts checked against the base branch's policy; or why the gate must fail closed. Every report
        /// must record the pull request's head commit: one made for another commit (an older push, another
        /// run's artifact) or for none is refused, never merged into this head's verdict.
        /// </summary>
        private (Report? Report, string? Problem) MergeReports(Policy policy)
        {
            if (settings.Reports.IsEmpty)
            {
                return (null, "no report was given (set the reports input)");
            }

            if (input.ReadReports is null)
            {
                return (null, "this build cannot read reports (merge mode needs planreview github)");
            }

            var paths = ImmutableArray.CreateBuilder<string>();
            foreach (var pattern in settings.Reports)
            {
                var folder = Path.IsPathRooted(pattern) ? pattern : Path.Combine(settings.Workspace, pattern);
                if (Directory.Exists(folder))
                {
                    paths.Add(Path.GetFullPath(folder));
                    continue;
                }

                var files = PlanPaths.Expand([pattern], settings.Workspace, out var unmatched);
                if (!unmatched.IsEmpty)
                {
                    return (null, $"no report matches {pattern} (did every plan job upload its report, and the download step run?)");
                }

                paths.AddRange(files);
            }

            IReadOnlyList<ReportFile> reports;
            try
            {
                reports = input.ReadReports(paths.ToImmutable());
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                return (null, $"a report cannot be read: {OneLine(ex.Message)}");
            }

            if (reports.Count == 0)
            {
                return (null, $"no report found in {string.Join(", ", settings.Reports)}");
            }

            foreach (var file in reports)
            {
                var name = Path.GetRelativePath(settings.Workspace, file.Path);
                if (file.Report.Commit is null)
                {
                    return (null, $"{name} records no commit; make it with planreview analyze inside the workflow (or pass --commit)");
                }

                if (!string.Equals(file.Report.Commit, pr.HeadSha, StringComparison.OrdinalIgnoreCase))
                {
                    return (null, $"{name} was made for commit {ApprovalPolicy.Short(file.Report.Commit)}, not the head {ApprovalPolicy.Short(pr.HeadSha)}; re-run the plan jobs for the head");
                }
            }

            var merged = ReportMerger.Merge(
                reports.Select(r => r with { Path = Path.GetRelativePath(settings.Workspace, r.Path).Replace('\\', '/') }).ToArray(),
                [],
                WithoutGateRules(policy));
            input.Merged?.Invoke(merged);
            return (merged, null);
        }

        public async Task TrySetErrorStatusAsync(string description)
        {
            if (statusSet)
            {
                return;
            }

            try
            {
                await SetStatusAsync(GateState.Error, description).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is ApiException or HttpRequestException or GitHubPermissionException or GitHubUnavailableException or OperationCanceledException)
            {
                // Nothing more can be done; the missing status still blocks a required check.
            }
        }

        /// <summary>The plan or the policy cannot be used: record it, say it, and set error (never success).</summary>
        private async Task<int> FailAsync(string problem, ImmutableArray<PullRequestCommitInfo> commits)
        {
            await input.Stderr.WriteLineAsync($"planreview github: {problem}").ConfigureAwait(false);
            var state = new RecordedAnalysis
            {
                Context = settings.StatusContext,
                HeadSha = pr.HeadSha,
                RunId = settings.RunId,
                ApprovalRequired = true,
                Error = problem,
            };
            var section = GateText.ApprovalSection(state, null, null);
            var report = "### ⛔ PlanReview: the plan could not be analysed\n\nThe gate stays closed until a run succeeds for this commit. See the workflow log for details.\n";
            try
            {
                var body = StickyComment.Compose(settings.StatusContext, report, section, state);
                await PublishCommentAsync(_ => body, state, commits).ConfigureAwait(false);
            }
            finally
            {
                await SetStatusAsync(GateState.Error, GateText.Fit("PlanReview: " + problem)).ConfigureAwait(false);
            }

            WriteOutputs(state, GateState.Error, null);
            RunnerFiles.AppendSummary(settings.SummaryPath, $"### ⛔ PlanReview: {MarkdownText.Prose(problem)}");
            return ExitAnalysisFailed;
        }

        private async Task<ImmutableArray<Diagnostic>> GateDiagnosticsAsync(ImmutableArray<ChangedFile> files)
        {
            var diagnostics = ImmutableArray.CreateBuilder<Diagnostic>();
            foreach (var path in GateTampering.ConfigurationFilesChanged(files, settings.ConfigPath))
            {
                diagnostics.Add(Diagnostic.Create(PRV501GateConfigurationChanged.Descriptor, path, path));
            }

            foreach (var workflow in GateTampering.WorkflowsChanged(files))
            {
                // The patch usually shows the step; when it does not (a large or binary diff, or a change
                // elsewhere in the file), the file itself is read on both sides: removing the step counts too.
                var runs = GateTampering.RunsPlanReviewByPatch(workflow, settings.WorkflowPath)
                    || GateTampering.MentionsPlanReview(workflow.Status == "removed" ? null : await api.GetFileAsync(workflow.Path, pr.HeadSha).ConfigureAwait(false))
                    || GateTampering.MentionsPlanReview(workflow.Status == "added" ? null : await api.GetFileAsync(workflow.PreviousPath ?? workflow.Path, pr.BaseRef).ConfigureAwait(false));
                if (runs)
                {
                    diagnostics.Add(Diagnostic.Create(PRV502GateWorkflowChanged.Descriptor, workflow.Path, workflow.Path));
                }
            }

            return diagnostics.ToImmutable();
        }

        private Policy ApplyInputs(Policy policy) => policy with
        {
            // Inputs come from the workflow file; a pull request that edits it to loosen them gets PRV502.
            MaxDestroy = settings.MaxDestroy ?? policy.MaxDestroy,
            MaxReplace = settings.MaxReplace ?? policy.MaxReplace,
            RequiredApprovals = settings.RequiredApprovals ?? policy.RequiredApprovals,
            Approvers = settings.Approvers ?? policy.Approvers,
        };

        // The engine does not know the PRV5xx ids (they are about the pull request), and its policy
        // validation would reject a policy that configures them.
        private static Policy WithoutGateRules(Policy policy) => policy with
        {
            Rules = policy.Rules.RemoveRange(GitHubDiagnostics.All.Select(d => d.Id)),
            Suppressions = policy.Suppressions.Where(s => !GitHubDiagnostics.All.Any(d => d.Id == s.Rule)).ToImmutableArray(),
        };

        /// <summary>
        /// The policy (from the base branch, so the repository owner's) may change a PRV5xx severity or
        /// suppress one for a file with a justification, as for any rule; the address is the file's path.
        /// </summary>
        private static ImmutableArray<Diagnostic> Configure(ImmutableArray<Diagnostic> gate, Policy policy) => gate
            .Select(d =>
            {
                var severity = policy.RuleFor(d.Id).Severity ?? d.Descriptor.DefaultSeverity;
                var suppression = policy.Suppressions.FirstOrDefault(s => s.IsJustified
                    && (s.Rule == "*" || s.Rule == d.Id)
                    && (s.Address == "*" || (d.Address is not null && Core.Glob.IsMatch(s.Address, d.Address))));
                return d with
                {
                    Severity = severity,
                    Suppression = suppression is null ? null : new AppliedSuppression(suppression.Justification!, $"{policy.Source}:{suppression.Line}"),
                };
            })
            .Where(d => d.Severity != Severity.None)
            .ToImmutableArray();

        private static Report Combine(Report report, ImmutableArray<Diagnostic> gate)
        {
            if (gate.IsEmpty)
            {
                return report;
            }

            var diagnostics = DiagnosticOrder.Sort(report.Diagnostics.AddRange(gate));
            var rules = report.Rules.Concat(gate.Select(d => d.Descriptor)).DistinctBy(d => d.Id).OrderBy(d => d.Id, StringComparer.Ordinal).ToImmutableArray();
            var decision = report.Decision;
            var active = gate.Where(d => !d.IsSuppressed && d.Severity == Severity.Error).ToArray();
            if (active.Length > 0)
            {
                var ids = string.Join(", ", active.Select(d => d.Id).Distinct().Order(StringComparer.Ordinal));
                decision = decision with
                {
                    ApprovalRequired = true,
                    Reasons = decision.Reasons.Add($"the pull request changes the gate itself ({ids})"),
                };
            }

            return report with { Diagnostics = diagnostics, Rules = rules, Decision = decision };
        }

        private async Task<ApprovalOutcome> EvaluateApprovalsAsync(RecordedAnalysis state, ImmutableArray<PullRequestCommitInfo> commits)
        {
            var reviews = await api.GetReviewsAsync(pr.Number).ConfigureAwait(false);
            var context = new ApprovalContext(
                state.HeadSha,
                pr.AuthorLogin,
                commits.SelectMany(c => new[] { c.AuthorLogin, c.CommitterLogin })
                    .OfType<string>()
                    .Where(l => !string.Equals(l, ApprovalPolicy.WebFlowLogin, StringComparison.OrdinalIgnoreCase))
                    .ToImmutableHashSet(StringComparer.OrdinalIgnoreCase),
                state.RequiredApprovals,
                state.Approvers);
            var facts = new Dictionary<string, ReviewerFacts>(StringComparer.OrdinalIgnoreCase);
            foreach (var login in ApprovalPolicy.ReviewersNeedingFacts(reviews, context))
            {
                var write = await api.HasWriteAccessAsync(login).ConfigureAwait(false);
                var listed = write && await IsListedAsync(login, state.Approvers).ConfigureAwait(false);
                facts[login] = new ReviewerFacts(write, listed);
            }

            return ApprovalPolicy.Evaluate(reviews, context, facts);
        }

        private async Task<bool> IsListedAsync(string login, ImmutableArray<string> approvers)
        {
            if (approvers.IsDefaultOrEmpty)
            {
                return true;
            }

            foreach (var entry in approvers)
            {
                var slash = entry.IndexOf('/', StringComparison.Ordinal);
                if (slash < 0)
                {
                    if (string.Equals(entry, login, StringComparison.OrdinalIgnoreCase))
                    {
                        return true;
                    }
                }
                else if (await api.IsTeamMemberAsync(entry[..slash], entry[(slash + 1)..], login).ConfigureAwait(false))
                {
                    return true;
                }
            }

            return false;
        }

        private static ApprovalOutcome EmptyOutcome(RecordedAnalysis state) =>
            new(false, false, Math.Max(1, state.RequiredApprovals), [], [], [], []);

        private static (GateState State, string Description) Verdict(RecordedAnalysis state, ApprovalOutcome outcome)
        {
            if (!state.ApprovalRequired)
            {
                return (GateState.Success, GateText.NoApprovalNeeded(state));
            }

            if (outcome.ChangesRequested)
            {
                return (GateState.Failure, GateText.ChangesRequested(outcome));
            }

            return outcome.Approved
                ? (GateState.Success, GateText.Approved(outcome))
                : (GateState.Pending, GateText.Pending(state, outcome));
        }

        /// <summary>
        /// Writes the sticky comment per the comment mode; false when it was left to a newer run (a newer
        /// comment is there, or a newer commit was pushed). <paramref name="render"/> gives the body at a
        /// scale of the report budget: 1, then 0.5 if GitHub rejects the body as too long.
        /// </summary>
        private async Task<bool> PublishCommentAsync(Func<double, string> render, RecordedAnalysis state, ImmutableArray<PullRequestCommitInfo> commits)
        {
            if (settings.Comment == CommentMode.Off)
            {
                return true;
            }

            // The pull request's commits were listed at the start of this run: a head that is no longer
            // the last one means a newer push, whose run owns the comment. Its head may not be listed
            // at all (GitHub lists at most 250 commits): then nothing is known and the run goes on.
            var position = commits.Select(c => c.Sha).ToList().FindIndex(sha => string.Equals(sha, pr.HeadSha, StringComparison.OrdinalIgnoreCase));
            if (position >= 0 && position < commits.Length - 1)
            {
                await input.Stdout.WriteLineAsync($"planreview github: {ApprovalPolicy.Short(commits[^1].Sha)} was pushed after {ApprovalPolicy.Short(pr.HeadSha)}; the comment and labels are left to its run").ConfigureAwait(false);
                return false;
            }

            var order = commits.Select(c => c.Sha).ToArray();
            if (settings.Comment != CommentMode.Update)
            {
                return await PublishNewFirstAsync(render, order).ConfigureAwait(false);
            }

            var comments = await api.GetCommentsAsync(pr.Number).ConfigureAwait(false);
            var found = await FindOursAsync(comments).ConfigureAwait(false);
            if (!StickyComment.MayOverwrite(found.State, pr.HeadSha, settings.RunId, order))
            {
                await input.Stdout.WriteLineAsync($"planreview github: comment {found.Comment!.Id.ToString(CultureInfo.InvariantCulture)} records a newer run ({found.State!.RunId.ToString(CultureInfo.InvariantCulture)}, {ApprovalPolicy.Short(found.State.HeadSha)}); left as it is").ConfigureAwait(false);
                return false;
            }

            if (found.Comment is { } existing)
            {
                if (existing.Body != render(1))
                {
                    await ShrinkingAsync(render, async body =>
                    {
                        await api.UpdateCommentAsync(existing.Id, body).ConfigureAwait(false);
                        return body;
                    }).ConfigureAwait(false);
                }

                return true;
            }

            var created = await ShrinkingAsync(render, async body => (Comment: await api.CreateCommentAsync(pr.Number, body, PostedByThisRunAsync).ConfigureAwait(false), Body: body)).ConfigureAwait(false);
            await KeepOneCommentAsync(created.Comment, created.Body, order).ConfigureAwait(false);
            return true;
        }

        /// <summary>
        /// <c>new</c> and <c>hide-and-new</c>: the new comment is created first and the comments are listed
        /// after it, so of two runs racing, either the newer one's list shows the older one's comment (and
        /// retires it), or the older one's list shows the newer one's (and it withdraws its own, deleting
        /// it as if never posted). A run never edits a comment that records a newer run: no lost update,
        /// without a concurrency group. The new comment's author is the token's identity: no
        /// <c>GET /user</c>.
        /// </summary>
        private async Task<bool> PublishNewFirstAsync(Func<double, string> render, IReadOnlyList<string> order)
        {
            var created = await ShrinkingAsync(render, async body => await api.CreateCommentAsync(pr.Number, body, PostedByThisRunAsync).ConfigureAwait(false)).ConfigureAwait(false);
            identity ??= new TokenIdentity(created.AuthorLogin);
            var comments = await api.GetCommentsAsync(pr.Number).ConfigureAwait(false);
            var found = StickyComment.Find(comments.Where(c => c.Id != created.Id), settings.StatusContext, identity);

            // Every other comment is checked, not only the last: a third, older run may have posted after the newer one.
            var others = found.Comment is null ? found.Older : found.Older.Add(found.Comment);
            var newer = others.LastOrDefault(c => !StickyComment.MayOverwrite(StickyComment.ReadState(c.Body, out _), pr.HeadSha, settings.RunId, order));
            if (newer is not null)
            {
                var theirs = StickyComment.ReadState(newer.Body, out _)!;
                await api.DeleteCommentAsync(created.Id).ConfigureAwait(false);
                await input.Stdout.WriteLineAsync($"planreview github: comment {newer.Id.ToString(CultureInfo.InvariantCulture)} records a newer run ({theirs.RunId.ToString(CultureInfo.InvariantCulture)}, {ApprovalPolicy.Short(theirs.HeadSha)}); this run's comment {created.Id.ToString(CultureInfo.InvariantCulture)} is withdrawn").ConfigureAwait(false);
                return false;
            }

            if (settings.Comment == CommentMode.HideAndNew)
            {
                await RetireAsync(found, created).ConfigureAwait(false);
            }

            return true;
        }

        /// <summary>
        /// hide-and-new: the old comments lose their marker first, so they are never read again and point
        /// to the new one even when hiding them fails; then they are minimized as outdated.
        /// </summary>
        private async Task RetireAsync(StickyCommentLookup found, CommentInfo created)
        {
            foreach (var old in found.Comment is null ? found.Older : found.Older.Add(found.Comment))
            {
                await RetireAsync(old, StickyComment.Superseded(created.Id)).ConfigureAwait(false);
            }
        }

        /// <summary>
        /// Replaces a retired comment's body with the pointer and hides it (GraphQL, one request). Hiding
        /// is cosmetic: a refusal (GraphQL errors, a 403, GitHub unavailable) is logged and the run goes on.
        /// Losing the marker is not: when GraphQL did not replace the body, REST <c>PATCH</c> does (and its
        /// failure fails the run, as any comment write).
        /// </summary>
        private async Task RetireAsync(CommentInfo old, string pointer)
        {
            var id = old.Id.ToString(CultureInfo.InvariantCulture);
            if (old.NodeId is not { } nodeId)
            {
                if (await ReplaceByPointerAsync(old.Id, pointer).ConfigureAwait(false))
                {
                    await input.Stderr.WriteLineAsync($"planreview github: comment {id} has no GraphQL node id; replaced by a pointer but not minimized").ConfigureAwait(false);
                }

                return;
            }

            bool updated;
            string? problem;
            try
            {
                (updated, problem) = await api.RetireCommentAsync(nodeId, pointer).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is ApiException or GitHubPermissionException or GitHubUnavailableException)
            {
                (updated, problem) = (false, OneLine(ex.Message));
            }

            if (!updated && !await ReplaceByPointerAsync(old.Id, pointer).ConfigureAwait(false))
            {
                return;
            }

            if (problem is not null)
            {
                await input.Stderr.WriteLineAsync($"planreview github: comment {id} was replaced by a pointer but not minimized: {problem}").ConfigureAwait(false);
            }
        }

        /// <summary>REST <c>PATCH</c> of a retired comment's body; false when the comment is gone.</summary>
        private async Task<bool> ReplaceByPointerAsync(long id, string pointer)
        {
            try
            {
                await api.UpdateCommentAsync(id, pointer).ConfigureAwait(false);
                return true;
            }
            catch (NotFoundException)
            {
                // Its own run withdrew it (it saw this run's newer comment) after this run listed it: gone is as good as retired.
                await input.Stderr.WriteLineAsync($"planreview github: comment {id.ToString(CultureInfo.InvariantCulture)} was deleted meanwhile (withdrawn by its run); nothing to retire").ConfigureAwait(false);
                return false;
            }
        }

        /// <summary>
        /// Two runs that both found no comment both create one. Each lists the comments again after
        /// creating; the rule is the same for both: the lowest id stays. The run whose comment is not the
        /// lowest deletes its own and writes its body into the survivor, unless the survivor records a
        /// newer run.
        /// </summary>
        private async Task KeepOneCommentAsync(CommentInfo created, string body, IReadOnlyList<string> order)
        {
            var comments = await api.GetCommentsAsync(pr.Number).ConfigureAwait(false);

            // The author of the comment just created is the token's identity: no GET /user needed.
            identity ??= new TokenIdentity(created.AuthorLogin);
            var found = StickyComment.Find(comments, settings.StatusContext, identity);
            var keeper = found.Older.IsEmpty ? found.Comment : found.Older[0];
            if (keeper is null || keeper.Id >= created.Id)
            {
                return;
            }

            await api.DeleteCommentAsync(created.Id).ConfigureAwait(false);
            await input.Stdout.WriteLineAsync($"planreview github: another run created comment {keeper.Id.ToString(CultureInfo.InvariantCulture)} at the same time; deleted the duplicate {created.Id.ToString(CultureInfo.InvariantCulture)}").ConfigureAwait(false);
            var theirs = StickyComment.ReadState(keeper.Body, out _);
            if (keeper.Body != body && StickyComment.MayOverwrite(theirs, pr.HeadSha, settings.RunId, order))
            {
                await api.UpdateCommentAsync(keeper.Id, body).ConfigureAwait(false);
            }
        }

        /// <summary>After a lost POST: the comment that attempt created, recognised by this run's id and head in its recorded analysis.</summary>
        private async Task<CommentInfo?> PostedByThisRunAsync(ImmutableArray<CommentInfo> comments)
        {
            var found = await FindOursAsync(comments).ConfigureAwait(false);
            return (found.Comment is null ? found.Older : found.Older.Add(found.Comment))
                .LastOrDefault(c => StickyComment.ReadState(c.Body, out _) is { } recorded
                    && recorded.RunId == settings.RunId
                    && string.Equals(recorded.HeadSha, pr.HeadSha, StringComparison.OrdinalIgnoreCase));
        }

        /// <summary>Our comments for this context. <c>GET /user</c> costs a request, so it is asked only when some comment carries the marker.</summary>
        private async Task<StickyCommentLookup> FindOursAsync(ImmutableArray<CommentInfo> comments)
        {
            if (!StickyComment.AnyMarked(comments, settings.StatusContext))
            {
                return new StickyCommentLookup(null, null, false, []);
            }

            identity ??= new TokenIdentity(await api.GetAuthenticatedLoginAsync().ConfigureAwait(false));
            return StickyComment.Find(comments, settings.StatusContext, identity);
        }

        /// <summary>
        /// Writes a body; when GitHub rejects it as too long (its count is not always .NET's: it may count
        /// bytes or code points where we count UTF-16 units), re-renders it at half the budget and tries once more.
        /// </summary>
        private async Task<T> ShrinkingAsync<T>(Func<double, string> render, Func<string, Task<T>> write)
        {
            try
            {
                return await write(render(1)).ConfigureAwait(false);
            }
            catch (ApiValidationException ex) when (IsTooLong(ex))
            {
                var shorter = render(0.5);
                await input.Stderr.WriteLineAsync($"planreview github: GitHub rejected the comment as too long ({OneLine(ex.Message)}); retrying once with a shorter report ({shorter.Length.ToString(CultureInfo.InvariantCulture)} characters)").ConfigureAwait(false);
                return await write(shorter).ConfigureAwait(false);
            }
        }

        private static bool IsTooLong(ApiValidationException ex)
        {
            var text = GitHubRetry.ErrorText(ex);
            return text.Contains("too long", StringComparison.OrdinalIgnoreCase)
                || text.Contains("maximum is 65536", StringComparison.OrdinalIgnoreCase);
        }

        private async Task SyncLabelsAsync(bool destroys, bool replaces)
        {
            var current = pr.Labels.ToHashSet(StringComparer.OrdinalIgnoreCase);
            var add = new List<string>();
            foreach (var (label, wanted) in new[] { (DestroyLabel, destroys), (ReplaceLabel, replaces) })
            {
                if (wanted && !current.Contains(label))
                {
                    add.Add(label);
                }
                else if (!wanted && current.Contains(label))
                {
                    await api.RemoveLabelAsync(pr.Number, label).ConfigureAwait(false);
                }
            }

            if (add.Count > 0)
            {
                await api.AddLabelsAsync(pr.Number, [.. add]).ConfigureAwait(false);
            }
        }

        private async Task SetStatusAsync(GateState state, string description)
        {
            await api.SetStatusAsync(pr.HeadSha, state, settings.StatusContext, GateText.Fit(description), settings.RunUrl).ConfigureAwait(false);
            statusSet = true;
        }

        private string? WriteJsonReport(Report report)
        {
            var path = Path.Combine(settings.TempFolder, $"planreview-{settings.StatusContext.Replace('/', '-')}-{pr.Number.ToString(CultureInfo.InvariantCulture)}.json");
            File.WriteAllText(path, JsonReportWriter.Render(report with { Commit = pr.HeadSha }));
            return path;
        }

        private void WriteOutputs(RecordedAnalysis? state, GateState gate, string? reportPath)
        {
            var outputs = new List<KeyValuePair<string, string>>
            {
                new("approval-required", (state?.ApprovalRequired ?? true) ? "true" : "false"),
                new("approved", gate == GateState.Success && state?.ApprovalRequired == true ? "true" : "false"),
                new("destroy-count", (state?.DestroyCount ?? 0).ToString(CultureInfo.InvariantCulture)),
                new("replace-count", (state?.ReplaceCount ?? 0).ToString(CultureInfo.InvariantCulture)),
                new("status", gate.ToString().ToLowerInvariant()),
            };
            if (reportPath is not null)
            {
                outputs.Add(new("report-json", reportPath));
            }

            RunnerFiles.WriteOutputs(settings.OutputPath, outputs);
        }
    }
}
