using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using PlanReview.Core.Analysis;
using PlanReview.Core.Configuration;
using PlanReview.Readers;
using PlanReview.Rules;

namespace PlanReview.GitHub.Tests.Support;

/// <summary>The outcome of one run of <c>planreview github</c>.</summary>
public sealed record ActionResult(int ExitCode, string Stdout, string Stderr, IReadOnlyDictionary<string, string> Outputs, string Summary);

/// <summary>
/// Runs <see cref="GitHubCommand.RunAsync"/> the way a runner would: a temp workspace with the plan
/// files, an event file, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files, and the real engine behind the
/// analysis delegate.
/// </summary>
public sealed class ActionRunner : IDisposable
{
    private static readonly PlanAnalysisEngine Engine = BuiltInRules.CreateEngine();
    private readonly FakeGitHub github;
    private long runId = 100;

    public ActionRunner(FakeGitHub github)
    {
        this.github = github;
        Workspace = Directory.CreateTempSubdirectory("planreview-gh-").FullName;

        // No real waiting: every wait the retry asks for is recorded and returns at once.
        Retry = new GitHubRetryOptions
        {
            Delay = (wait, _) =>
            {
                Waits.Enqueue(wait);
                return Task.CompletedTask;
            },
            Jitter = () => 0.5,
            UtcNow = () => Now,
            // Generous: a slow, busy test machine must not turn into timeouts and retries the tests did not inject.
            RequestTimeout = TimeSpan.FromSeconds(60),
        };
    }

    /// <summary>The waits between attempts, in order, as the retry asked for them.</summary>
    public ConcurrentQueue<TimeSpan> Waits { get; } = new();

    /// <summary>The clock the retry reads (x-ratelimit-reset is compared with it).</summary>
    public DateTimeOffset Now { get; set; } = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    public GitHubRetryOptions Retry { get; set; }

    public string Workspace { get; }

    public string Author { get; set; } = "dev";

    public string HeadRef { get; set; } = "feature/db";

    public Dictionary<string, string> Inputs { get; } = new(StringComparer.Ordinal) { ["INPUT_PLANS"] = "plans/*.json" };

    public void WritePlan(string name, string json)
    {
        var path = Path.Combine(Workspace, "plans", name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, json);
    }

    /// <summary>
    /// What a matrix plan job leaves behind: its plan analysed by the real <c>planreview analyze --json</c>,
    /// the report in <c>reports/planreview-report-STACK/</c> as <c>actions/download-artifact</c> lays it out.
    /// </summary>
    public async Task<string> WriteReportAsync(string stack, string planJson, string? commit)
    {
        var plan = Path.Combine(Workspace, "stacks", stack, "plan.json");
        Directory.CreateDirectory(Path.GetDirectoryName(plan)!);
        await File.WriteAllTextAsync(plan, planJson);
        var report = Path.Combine(Workspace, "reports", $"planreview-report-{stack}", $"{stack}.json");
        string[] args = ["analyze", plan, "--json", report, "--quiet", .. commit is null ? Array.Empty<string>() : ["--commit", commit]];
        using var stderr = new StringWriter();
        var exit = await Cli.CliApplication.RunAsync(args, TextWriter.Null, stderr);
        if (exit is not (0 or 1))
        {
            throw new InvalidOperationException($"planreview analyze failed ({exit}): {stderr}");
        }

        return report;
    }

    public Task<ActionResult> PullRequestAsync(string action = "synchronize", long? run = null, string? headSha = null) => RunAsync("pull_request", action, run, headSha);

    public Task<ActionResult> ReviewAsync(string action = "submitted") => RunAsync("pull_request_review", action, null);

    public async Task<ActionResult> RunAsync(string eventName, string action, long? run, string? headSha = null)
    {
        var id = run ?? Interlocked.Increment(ref runId);
        var folder = Directory.CreateTempSubdirectory("planreview-run-").FullName;
        var eventPath = Path.Combine(folder, "event.json");
        var outputPath = Path.Combine(folder, "output");
        var summaryPath = Path.Combine(folder, "summary");
        File.WriteAllText(eventPath, Event(action, headSha ?? github.HeadSha).ToJsonString());
        File.WriteAllText(outputPath, string.Empty);
        File.WriteAllText(summaryPath, string.Empty);

        var env = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["GITHUB_EVENT_NAME"] = eventName,
            ["GITHUB_EVENT_PATH"] = eventPath,
            ["GITHUB_REPOSITORY"] = $"{FakeGitHub.Owner}/{FakeGitHub.Repo}",
            ["GITHUB_API_URL"] = github.ApiUrl.ToString(),
            ["GITHUB_SERVER_URL"] = "https://github.test",
            ["GITHUB_RUN_ID"] = id.ToString(CultureInfo.InvariantCulture),
            ["GITHUB_OUTPUT"] = outputPath,
            ["GITHUB_STEP_SUMMARY"] = summaryPath,
            ["GITHUB_WORKSPACE"] = Workspace,
            ["GITHUB_WORKFLOW_REF"] = $"{FakeGitHub.Owner}/{FakeGitHub.Repo}/.github/workflows/plan.yml@refs/pull/7/merge",
            ["RUNNER_TEMP"] = folder,
            ["INPUT_GITHUB-TOKEN"] = FakeGitHub.Token,
        };
        foreach (var (name, value) in Inputs)
        {
            env[name] = value;
        }

        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = UseProcess
            ? await RunProcessAsync(env, stdout, stderr)
            : await GitHubCommand.RunAsync(new GitHubCommandInput(env, Analyze, stdout, stderr) { Retry = Retry, ReadReports = ReadReports }, CancellationToken.None);
        var outputs = File.ReadAllLines(outputPath)
            .Where(l => l.Contains('=', StringComparison.Ordinal))
            .Select(l => l.Split('=', 2))
            .GroupBy(p => p[0])
            .ToDictionary(g => g.Key, g => g.Last()[1], StringComparer.Ordinal);
        return new ActionResult(exit, stdout.ToString(), stderr.ToString(), outputs, File.ReadAllText(summaryPath));
    }

    /// <summary>Run the real `planreview github` executable instead of calling the command in-process.</summary>
    public bool UseProcess { get; set; }

    private static async Task<int> RunProcessAsync(Dictionary<string, string> env, StringWriter stdout, StringWriter stderr)
    {
        var start = new System.Diagnostics.ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "planreview.dll"));
        start.ArgumentList.Add("github");
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("GITHUB_", StringComparison.Ordinal) || k.StartsWith("INPUT_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in env)
        {
            start.Environment[name] = value;
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        await stdout.WriteAsync(await output);
        await stderr.WriteAsync(await error);
        return process.ExitCode;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Workspace, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>What the CLI supplies: load every plan, run the built-in rules.</summary>
    private static AnalysisResult Analyze(IReadOnlyList<string> paths, Policy policy) =>
        Engine.Analyze(paths.Select(p => PlanLoader.Default.Load(p)).ToList(), policy);

    /// <summary>What the CLI supplies in merge mode: the reports read the way `planreview merge` reads them.</summary>
    private static IReadOnlyList<Reporting.Merge.ReportFile> ReadReports(IReadOnlyList<string> paths) =>
        Cli.Commands.MergeCommand.ReadReports(paths, CancellationToken.None);

    private JsonObject Event(string action, string headSha) => new()
    {
        ["action"] = action,
        ["number"] = FakeGitHub.Number,
        ["pull_request"] = new JsonObject
        {
            ["number"] = FakeGitHub.Number,
            ["user"] = new JsonObject { ["login"] = Author, ["type"] = Author.EndsWith("[bot]", StringComparison.Ordinal) ? "Bot" : "User" },
            ["head"] = new JsonObject { ["sha"] = headSha, ["ref"] = HeadRef },
            ["base"] = new JsonObject { ["sha"] = "base000", ["ref"] = github.BaseRef },
            ["labels"] = new JsonArray(github.Labels.Select(l => (JsonNode)new JsonObject { ["name"] = l }).ToArray()),
        },
    };
}
