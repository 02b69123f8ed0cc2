using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;

namespace PlanReview.GitHub;

/// <summary>What to do with the sticky comment (input <c>comment</c>).</summary>
public enum CommentMode
{
    Update,
    New,
    HideAndNew,
    Off,
}

/// <summary>What a pull_request run reads (input <c>mode</c>).</summary>
public enum ActionMode
{
    /// <summary>Analyse the plans (input <c>plans</c>).</summary>
    Analyze,

    /// <summary>Merge the JSON reports of a matrix of plan jobs (input <c>reports</c>).</summary>
    Merge,
}

/// <summary>A problem with the runner environment or the inputs: the message names the variable and what to do.</summary>
public sealed class ActionConfigurationException(string message) : Exception(message);

/// <summary>
/// The Action's inputs and the runner's variables, read from the environment the way
/// <c>@actions/core</c> names them (<c>INPUT_</c> + upper-cased name, dashes kept).
/// </summary>
public sealed record ActionSettings
{
    public required string EventName { get; init; }

    public required string EventPath { get; init; }

    public required string Repository { get; init; }

    public required Uri ApiUrl { get; init; }

    public required string ServerUrl { get; init; }

    public long RunId { get; init; }

    public string? OutputPath { get; init; }

    public string? SummaryPath { get; init; }

    public required string Token { get; init; }

    public ActionMode Mode { get; init; } = ActionMode.Analyze;

    public ImmutableArray<string> Plans { get; init; } = [];

    /// <summary>In merge mode: JSON report files, globs or folders (searched for <c>*.json</c>), relative to the workspace.</summary>
    public ImmutableArray<string> Reports { get; init; } = [];

    public string Workspace { get; init; } = ".";

    /// <summary>Where the JSON report goes (<c>RUNNER_TEMP</c>).</summary>
    public string TempFolder { get; init; } = Path.GetTempPath();

    public string ConfigPath { get; init; } = ".github/planreview.yml";

    public string StatusContext { get; init; } = "planreview";

    public CommentMode Comment { get; init; } = CommentMode.Update;

    public int? RequiredApprovals { get; init; }

    public ImmutableArray<string>? Approvers { get; init; }

    public int? MaxDestroy { get; init; }

    public int? MaxReplace { get; init; }

    public bool AiOnly { get; init; }

    /// <summary>A short comment (verdict and counts) when nothing is destroyed or replaced (input <c>quiet-comment</c>, default true).</summary>
    public bool QuietComment { get; init; } = true;

    public AiAgentCatalog Agents { get; init; } = AiAgentCatalog.Default;

    /// <summary>The workflow file of this run (from <c>GITHUB_WORKFLOW_REF</c>), for PRV502.</summary>
    public string? WorkflowPath { get; init; }

    /// <summary>Where a run's page is, for the status's target URL.</summary>
    public string? RunUrl => RunId > 0 ? $"{ServerUrl.TrimEnd('/')}/{Repository}/actions/runs/{RunId.ToString(CultureInfo.InvariantCulture)}" : null;

    public static ActionSettings FromEnvironment(IReadOnlyDictionary<string, string> env)
    {
        string? Get(string name) => env.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
        string Required(string name, string what) => Get(name) ?? throw new ActionConfigurationException($"{name} is not set: {what}");

        var token = Get("INPUT_GITHUB-TOKEN") ?? Get("GITHUB_TOKEN")
            ?? throw new ActionConfigurationException("no token: set the github-token input (INPUT_GITHUB-TOKEN) or GITHUB_TOKEN");
        var apiText = Get("GITHUB_API_URL") ?? "https://api.github.com";
        if (!Uri.TryCreate(apiText, UriKind.Absolute, out var apiUrl) || apiUrl.Scheme is not ("https" or "http"))
        {
            throw new ActionConfigurationException($"GITHUB_API_URL '{apiText}' is not an http(s) address");
        }

        return new ActionSettings
        {
            EventName = Required("GITHUB_EVENT_NAME", "run planreview github inside a GitHub Actions job"),
            EventPath = Required("GITHUB_EVENT_PATH", "run planreview github inside a GitHub Actions job"),
            Repository = Required("GITHUB_REPOSITORY", "expected owner/name"),
            ApiUrl = apiUrl,
            ServerUrl = Get("GITHUB_SERVER_URL") ?? "https://github.com",
            RunId = long.TryParse(Get("GITHUB_RUN_ID"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var runId) ? runId : 0,
            OutputPath = Get("GITHUB_OUTPUT"),
            SummaryPath = Get("GITHUB_STEP_SUMMARY"),
            Token = token,
            Workspace = Get("GITHUB_WORKSPACE") ?? Directory.GetCurrentDirectory(),
            TempFolder = Get("RUNNER_TEMP") ?? Path.GetTempPath(),
            Mode = Get("INPUT_MODE")?.ToLowerInvariant() switch
            {
                null or "analyze" => ActionMode.Analyze,
                "merge" => ActionMode.Merge,
                var other => throw new ActionConfigurationException($"INPUT_MODE '{other}' is not analyze or merge"),
            },
            Plans = Lines(Get("INPUT_PLANS")),
            Reports = Lines(Get("INPUT_REPORTS")),
            ConfigPath = Get("INPUT_CONFIG") ?? ".github/planreview.yml",
            StatusContext = Get("INPUT_STATUS-CONTEXT") ?? "planreview",
            Comment = Get("INPUT_COMMENT")?.ToLowerInvariant() switch
            {
                null or "update" => CommentMode.Update,
                "new" => CommentMode.New,
                "hide-and-new" => CommentMode.HideAndNew,
                "off" or "false" => CommentMode.Off,
                var other => throw new ActionConfigurationException($"INPUT_COMMENT '{other}' is not one of update, new, hide-and-new, off"),
            },
            RequiredApprovals = Number(Get("INPUT_REQUIRED-APPROVALS"), "INPUT_REQUIRED-APPROVALS", 1),
            Approvers = Get("INPUT_APPROVERS") is { } approvers ? List(approvers) : null,
            MaxDestroy = Number(Get("INPUT_MAX-DESTROY"), "INPUT_MAX-DESTROY", 0),
            MaxReplace = Number(Get("INPUT_MAX-REPLACE"), "INPUT_MAX-REPLACE", 0),
            AiOnly = Get("INPUT_AI-ONLY")?.ToLowerInvariant() switch
            {
                null or "false" => false,
                "true" => true,
                var other => throw new ActionConfigurationException($"INPUT_AI-ONLY '{other}' is not true or false"),
            },
            QuietComment = Get("INPUT_QUIET-COMMENT")?.ToLowerInvariant() switch
            {
                null or "true" => true,
                "false" => false,
                var other => throw new ActionConfigurationException($"INPUT_QUIET-COMMENT '{other}' is not true or false"),
            },
            Agents = AiAgentCatalog.Default.With(List(Get("INPUT_AI-AGENTS") ?? string.Empty), List(Get("INPUT_AI-BRANCH-PREFIXES") ?? string.Empty)),
            WorkflowPath = WorkflowFile(Get("GITHUB_WORKFLOW_REF")),
        };
    }

    private static ImmutableArray<string> Lines(string? text) => text is null
        ? []
        : text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToImmutableArray();

    private static ImmutableArray<string> List(string text) =>
        text.Split([',', '\n', ' ', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => s.TrimStart('@'))
            .Where(s => s.Length > 0)
            .ToImmutableArray();

    private static int? Number(string? text, string name, int minimum) => text is null
        ? null
        : int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= minimum
            ? n
            : throw new ActionConfigurationException($"{name} '{text}' must be a whole number of at least {minimum}");

    // owner/repo/.github/workflows/plan.yml@refs/pull/1/merge → .github/workflows/plan.yml
    private static string? WorkflowFile(string? workflowRef)
    {
        if (workflowRef is null)
        {
            return null;
        }

        var at = workflowRef.IndexOf('@', StringComparison.Ordinal);
        var path = at < 0 ? workflowRef : workflowRef[..at];
        var start = path.IndexOf(".github/workflows/", StringComparison.Ordinal);
        return start < 0 ? null : path[start..];
    }
}

/// <summary>The parts of a pull_request or pull_request_review event payload the gate uses.</summary>
public sealed record PullRequestEvent(
    string Action,
    int Number,
    string HeadSha,
    string HeadRef,
    string BaseRef,
    string AuthorLogin,
    bool AuthorIsBot,
    ImmutableArray<string> Labels)
{
    /// <summary>Reads the event file; a missing field is a one-line error naming the file.</summary>
    public static PullRequestEvent Parse(string json, string source)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            var pr = root.TryGetProperty("pull_request", out var p) && p.ValueKind == JsonValueKind.Object
                ? p
                : throw new ActionConfigurationException($"{source}: the event has no pull_request object (run on pull_request, pull_request_target or pull_request_review)");
            string Text(JsonElement element, params string[] path)
            {
                foreach (var name in path)
                {
                    if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out element))
                    {
                        throw new ActionConfigurationException($"{source}: the event has no pull_request.{string.Join('.', path)}");
                    }
                }

                return element.ValueKind == JsonValueKind.String ? element.GetString()! : element.GetRawText();
            }

            var number = pr.TryGetProperty("number", out var n) && n.TryGetInt32(out var value)
                ? value
                : throw new ActionConfigurationException($"{source}: the event has no pull_request.number");
            var labels = pr.TryGetProperty("labels", out var l) && l.ValueKind == JsonValueKind.Array
                ? l.EnumerateArray().Select(x => x.TryGetProperty("name", out var name) ? name.GetString() ?? string.Empty : string.Empty).Where(x => x.Length > 0).ToImmutableArray()
                : [];
            var userType = pr.TryGetProperty("user", out var user) && user.TryGetProperty("type", out var type) ? type.GetString() : null;
            return new PullRequestEvent(
                root.TryGetProperty("action", out var action) ? action.GetString() ?? string.Empty : string.Empty,
                number,
                Text(pr, "head", "sha"),
                Text(pr, "head", "ref"),
                Text(pr, "base", "ref"),
                Text(pr, "user", "login"),
                string.Equals(userType, "Bot", StringComparison.OrdinalIgnoreCase),
                labels);
        }
        catch (JsonException ex)
        {
            throw new ActionConfigurationException($"{source}: the event file is not valid JSON ({ex.Message.Split('\n')[0]})");
        }
    }
}
