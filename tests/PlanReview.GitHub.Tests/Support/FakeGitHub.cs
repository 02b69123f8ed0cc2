using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace PlanReview.GitHub.Tests.Support;

/// <summary>
/// A GitHub stand-in: a real HTTP server on 127.0.0.1 (Kestrel) serving the REST endpoints the Action
/// uses, under <c>/api/v3</c> like GitHub Enterprise Server, with GitHub's JSON shapes and errors
/// (401 bad token, 403 <c>GET /user</c> for an installation token, 404, 422 for a comment over 65536
/// characters or a status description over 140). One pull request, in memory; tests arrange it and
/// read back what the Action wrote. Faults are injected per method and path (see <see cref="Fail"/>,
/// <see cref="Drop"/>, <see cref="Delay"/>, <see cref="PauseAt"/>, <see cref="PauseAfter"/>); requests are handled one at a time,
/// so that two runs racing against it interleave only where a test pauses them.
/// </summary>
public sealed class FakeGitHub : IAsyncDisposable
{
    public const string Owner = "acme";
    public const string Repo = "infra";
    public const string Token = "test-token-123";
    public const int Number = 7;

    private readonly WebApplication app;
    private readonly SemaphoreSlim oneAtATime = new(1, 1);
    private readonly List<FaultRule> faults = [];
    private long nextId = 1000;

    private FakeGitHub(WebApplication app) => this.app = app;

    public Uri ApiUrl { get; private set; } = null!;

    /// <summary>The login <c>GET /user</c> returns; null makes it answer 403 as it does for GITHUB_TOKEN (which then writes as github-actions[bot]).</summary>
    public string? TokenLogin { get; set; }

    public string BaseRef { get; set; } = "main";

    public List<FakeCommit> Commits { get; } = [];

    public List<FakeFile> Files { get; } = [];

    public List<FakeReview> Reviews { get; } = [];

    public List<FakeComment> Comments { get; } = [];

    public List<FakeStatus> Statuses { get; } = [];

    public SortedSet<string> Labels { get; } = new(StringComparer.Ordinal);

    /// <summary>login → admin, maintain, write, triage, read; anybody else is "none".</summary>
    public Dictionary<string, string> Permissions { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>"org/team/login" of active members.</summary>
    public HashSet<string> TeamMembers { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>(ref, path) → file text.</summary>
    public Dictionary<(string Ref, string Path), string> Contents { get; } = [];

    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>Ids of every comment ever created, deleted ones included.</summary>
    public ConcurrentQueue<long> CreatedComments { get; } = new();

    /// <summary>Node ids passed to GraphQL <c>minimizeComment</c>, in order, with their classifier.</summary>
    public ConcurrentQueue<(string NodeId, string Classifier)> MinimizedComments { get; } = new();

    /// <summary>When set, <c>minimizeComment</c> answers 200 with this message in GraphQL's <c>errors</c> (as GitHub does for a refusal) and minimizes nothing.</summary>
    public string? MinimizeError { get; set; }

    /// <summary>When set, GraphQL <c>updateIssueComment</c> answers with this FORBIDDEN error (REST <c>PATCH</c> still works).</summary>
    public string? UpdateError { get; set; }

    /// <summary>The longest comment body accepted (GitHub: 65536); lower it to make GitHub's count stricter than ours.</summary>
    public int MaxCommentLength { get; set; } = 65536;

    /// <summary>
    /// The next <paramref name="times"/> requests matching <paramref name="method"/> and
    /// <paramref name="path"/> (relative to <c>/api/v3</c>; <c>*</c> is one path segment, <c>**</c> any
    /// rest) get <paramref name="status"/> with GitHub's error body and the given headers, untouched.
    /// </summary>
    public void Fail(string method, string path, int status, string message = "Server Error", int times = 1, IReadOnlyDictionary<string, string>? headers = null) =>
        AddFault(new FaultRule(method, path, times, FaultKind.Fail) { Status = status, Message = message, Headers = headers });

    /// <summary>Abort the connection of the next matching requests; when <paramref name="afterHandling"/>, GitHub acts first and the answer is lost.</summary>
    public void Drop(string method, string path, int times = 1, bool afterHandling = false) =>
        AddFault(new FaultRule(method, path, times, afterHandling ? FaultKind.DropAfter : FaultKind.DropBefore));

    /// <summary>Hold the answer of the next matching requests for <paramref name="delay"/>, after handling them (a slow GitHub that did act).</summary>
    public void Delay(string method, string path, TimeSpan delay, int times = 1) =>
        AddFault(new FaultRule(method, path, times, FaultKind.DelayAfter) { Wait = delay });

    /// <summary>
    /// Hold the next <paramref name="times"/> matching requests before they are handled, until the
    /// test calls <see cref="PausePoint.Release"/>; <see cref="PausePoint.Reached"/> completes when all
    /// of them have arrived.
    /// </summary>
    public PausePoint PauseAt(string method, string path, int times = 1)
    {
        var pause = new PausePoint(times);
        AddFault(new FaultRule(method, path, times, FaultKind.Pause) { Pause = pause });
        return pause;
    }

    /// <summary>
    /// Handle the next <paramref name="times"/> matching requests, then hold their answers until the
    /// test calls <see cref="PausePoint.Release"/>: the run has acted (its comment exists, its list is
    /// taken) but does not know it yet, while the other run goes on.
    /// </summary>
    public PausePoint PauseAfter(string method, string path, int times = 1)
    {
        var pause = new PausePoint(times);
        AddFault(new FaultRule(method, path, times, FaultKind.PauseAfter) { Pause = pause });
        return pause;
    }

    /// <summary>Requests whose fault has not fired yet (a test can assert they all did).</summary>
    public int PendingFaults
    {
        get
        {
            lock (faults)
            {
                return faults.Sum(f => f.Remaining);
            }
        }
    }

    public string HeadSha => Commits[^1].Sha;

    public FakeStatus? LatestStatus(string context = "planreview") => Statuses.LastOrDefault(s => s.Context == context);

    /// <summary>The comments a reader of the pull request sees unfolded: not deleted (those are gone from <see cref="Comments"/>) and not minimized.</summary>
    public IEnumerable<FakeComment> VisibleComments => Comments.Where(c => c.MinimizedAs is null);

    public static async Task<FakeGitHub> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var fake = new FakeGitHub(app);
        fake.Map();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        fake.ApiUrl = new Uri(address.TrimEnd('/') + "/api/v3");
        return fake;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    public FakeCommit Push(string author, string? committer = null, string message = "change")
    {
        var commit = new FakeCommit($"{Commits.Count + 1:x2}{Guid.NewGuid():N}{Guid.NewGuid():N}"[..40], author, committer ?? author, message);
        Commits.Add(commit);
        return commit;
    }

    public void Review(string login, string state, string? commitId = null, bool bot = false) =>
        Reviews.Add(new FakeReview(Interlocked.Increment(ref nextId), login, bot, state, commitId ?? HeadSha, DateTimeOffset.UtcNow.AddSeconds(Reviews.Count)));

    private string Identity => TokenLogin ?? "github-actions[bot]";

    private void Map()
    {
        app.Use(async (context, next) =>
        {
            Requests.Enqueue($"{context.Request.Method} {context.Request.Path}");
            var fault = TakeFault(context.Request.Method, context.Request.Path.Value ?? string.Empty);
            switch (fault?.Kind)
            {
                case FaultKind.Fail:
                    foreach (var (name, value) in fault.Headers ?? new Dictionary<string, string>())
                    {
                        context.Response.Headers[name] = value;
                    }

                    await Error(context, fault.Status, fault.Message);
                    return;
                case FaultKind.DropBefore:
                    context.Abort();
                    return;
                case FaultKind.Pause:
                    fault.Pause!.Arrive();
                    await fault.Pause.Released;
                    break;
                case FaultKind.DropAfter or FaultKind.DelayAfter or FaultKind.PauseAfter:
                    // Handle the request into a buffer, so that nothing reaches the client before the fault.
                    var original = context.Response.Body;
                    using (var buffer = new MemoryStream())
                    {
                        context.Response.Body = buffer;
                        await HandleAsync(context, next);
                        if (fault.Kind == FaultKind.DropAfter)
                        {
                            context.Abort();
                            return;
                        }

                        try
                        {
                            if (fault.Kind == FaultKind.PauseAfter)
                            {
                                fault.Pause!.Arrive();
                                await fault.Pause.Released.WaitAsync(context.RequestAborted);
                            }
                            else
                            {
                                await Task.Delay(fault.Wait, context.RequestAborted);
                            }
                        }
                        catch (OperationCanceledException)
                        {
                            return;
                        }

                        context.Response.Body = original;
                        buffer.Position = 0;
                        await buffer.CopyToAsync(original);
                    }

                    return;
            }

            await HandleAsync(context, next);
        });

        app.Use(async (context, next) =>
        {
            var auth = context.Request.Headers.Authorization.ToString();
            if (!auth.EndsWith(" " + Token, StringComparison.Ordinal))
            {
                await Error(context, 401, "Bad credentials");
                return;
            }

            await next(context);
        });

        var repo = $"/api/v3/repos/{Owner}/{Repo}";
        app.MapGet("/api/v3/user", (HttpContext c) => TokenLogin is null
            ? Error(c, 403, "Resource not accessible by integration")
            : Json(c, User(TokenLogin, false)));

        app.MapGet(repo + "/contents/{**path}", (HttpContext c, string path) =>
        {
            var reference = c.Request.Query["ref"].ToString();
            if (!Contents.TryGetValue((reference, path), out var text))
            {
                return Error(c, 404, "Not Found");
            }

            return Json(c, new JsonObject
            {
                ["type"] = "file",
                ["encoding"] = "base64",
                ["size"] = text.Length,
                ["name"] = Path.GetFileName(path),
                ["path"] = path,
                ["sha"] = "blob",
                ["content"] = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(text), Base64FormattingOptions.InsertLineBreaks),
            });
        });

        app.MapGet(repo + "/pulls/{n:int}/files", (HttpContext c, int n) => Pr(c, n, () => new JsonArray(Files.Select(f => (JsonNode)new JsonObject
        {
            ["sha"] = "f00d",
            ["filename"] = f.Path,
            ["status"] = f.Status,
            ["additions"] = 1,
            ["deletions"] = 0,
            ["changes"] = 1,
            ["patch"] = f.Patch,
            ["previous_filename"] = f.PreviousPath,
        }).ToArray())));

        app.MapGet(repo + "/pulls/{n:int}/commits", (HttpContext c, int n) => Pr(c, n, () => new JsonArray(Commits.Select(commit => (JsonNode)new JsonObject
        {
            ["sha"] = commit.Sha,
            ["node_id"] = "C_" + commit.Sha[..8],
            ["url"] = $"{ApiUrl}/repos/{Owner}/{Repo}/commits/{commit.Sha}",
            ["commit"] = new JsonObject
            {
                ["message"] = commit.Message,
                ["author"] = new JsonObject { ["name"] = commit.Author, ["email"] = $"{commit.Author}@example.com", ["date"] = "2025-01-01T00:00:00Z" },
                ["committer"] = new JsonObject { ["name"] = commit.Committer, ["email"] = $"{commit.Committer}@example.com", ["date"] = "2025-01-01T00:00:00Z" },
            },
            ["author"] = User(commit.Author, false),
            ["committer"] = commit.Committer == "web-flow" ? User("web-flow", false) : User(commit.Committer, false),
            ["parents"] = new JsonArray(),
        }).ToArray())));

        app.MapGet(repo + "/pulls/{n:int}/reviews", (HttpContext c, int n) => Pr(c, n, () => new JsonArray(Reviews.Select(r => (JsonNode)new JsonObject
        {
            ["id"] = r.Id,
            ["node_id"] = $"PRR_{r.Id}",
            ["user"] = User(r.Login, r.Bot),
            ["body"] = string.Empty,
            ["state"] = r.State,
            ["commit_id"] = r.CommitId,
            ["submitted_at"] = r.SubmittedAt.ToString("yyyy-MM-ddTHH:mm:ssZ"),
            ["author_association"] = "MEMBER",
        }).ToArray())));

        app.MapGet(repo + "/issues/{n:int}/comments", (HttpContext c, int n) => Pr(c, n, () => new JsonArray(Comments.Select(ToJson).ToArray())));

        app.MapPost(repo + "/issues/{n:int}/comments", async (HttpContext c, int n) =>
        {
            var body = (await Body(c))["body"]?.GetValue<string>() ?? string.Empty;
            if (n != Number)
            {
                await Error(c, 404, "Not Found");
                return;
            }

            if (body.Length > MaxCommentLength)
            {
                await TooLong(c);
                return;
            }

            var comment = new FakeComment(Interlocked.Increment(ref nextId), body, Identity, TokenLogin is null);
            Comments.Add(comment);
            CreatedComments.Enqueue(comment.Id);
            c.Response.StatusCode = 201;
            await Json(c, ToJson(comment));
        });

        app.MapMethods(repo + "/issues/comments/{id:long}", ["PATCH"], async (HttpContext c, long id) =>
        {
            var body = (await Body(c))["body"]?.GetValue<string>() ?? string.Empty;
            var index = Comments.FindIndex(x => x.Id == id);
            if (index < 0)
            {
                await Error(c, 404, "Not Found");
                return;
            }

            if (body.Length > MaxCommentLength)
            {
                await TooLong(c);
                return;
            }

            Comments[index] = Comments[index] with { Body = body };
            await Json(c, ToJson(Comments[index]));
        });

        app.MapDelete(repo + "/issues/comments/{id:long}", async (HttpContext c, long id) =>
        {
            if (Comments.RemoveAll(x => x.Id == id) == 0)
            {
                await Error(c, 404, "Not Found");
                return;
            }

            c.Response.StatusCode = 204;
        });

        app.MapPost(repo + "/statuses/{sha}", async (HttpContext c, string sha) =>
        {
            var json = await Body(c);
            var description = json["description"]?.GetValue<string>() ?? string.Empty;
            if (description.Length > 140)
            {
                await Error(c, 422, "Validation Failed: description is too long (maximum is 140 characters)");
                return;
            }

            var status = new FakeStatus(sha, json["state"]!.GetValue<string>(), json["context"]?.GetValue<string>() ?? "default", description, json["target_url"]?.GetValue<string>());
            Statuses.Add(status);
            c.Response.StatusCode = 201;
            await Json(c, new JsonObject
            {
                ["id"] = Interlocked.Increment(ref nextId),
                ["state"] = status.State,
                ["description"] = status.Description,
                ["context"] = status.Context,
                ["target_url"] = status.TargetUrl,
                ["creator"] = User(Identity, TokenLogin is null),
                ["created_at"] = "2025-01-01T00:00:00Z",
                ["updated_at"] = "2025-01-01T00:00:00Z",
            });
        });

        app.MapPost(repo + "/issues/{n:int}/labels", async (HttpContext c, int n) =>
        {
            var json = JsonNode.Parse(await new StreamReader(c.Request.Body).ReadToEndAsync());
            var names = (json is JsonArray array ? array : (JsonArray)json!["labels"]!).Select(x => x!.GetValue<string>());
            foreach (var name in names)
            {
                Labels.Add(name);
            }

            await Json(c, LabelsJson());
        });

        app.MapDelete(repo + "/issues/{n:int}/labels/{name}", (HttpContext c, int n, string name) =>
            Labels.Remove(name) ? Json(c, LabelsJson()) : Error(c, 404, "Label does not exist"));

        app.MapGet(repo + "/collaborators/{login}/permission", (HttpContext c, string login) =>
        {
            var role = Permissions.GetValueOrDefault(login, "none");
            var permission = role switch { "maintain" => "write", "triage" => "read", _ => role };
            return Json(c, new JsonObject { ["permission"] = permission, ["role_name"] = role, ["user"] = User(login, false) });
        });

        // GitHub Enterprise Server serves GraphQL at /api/graphql beside the REST root /api/v3 (the
        // Action derives it the same way from GITHUB_API_URL). Fault rules name it as /api/graphql.
        app.MapPost("/api/graphql", async (HttpContext c) => await Json(c, GraphQl(await Body(c))));

        app.MapGet("/api/v3/orgs/{org}/teams/{team}/memberships/{login}", (HttpContext c, string org, string team, string login) =>
            TeamMembers.Contains($"{org}/{team}/{login}")
                ? Json(c, new JsonObject { ["state"] = "active", ["role"] = "member", ["url"] = "x" })
                : Error(c, 404, "Not Found"));
    }

    /// <summary>
    /// The mutations the Action sends, <c>updateIssueComment</c> and <c>minimizeComment</c> (alone or
    /// together, run in order as GitHub does), answered in GitHub's shape: 200 with <c>data</c>, and an
    /// <c>errors</c> entry naming its field for each that failed (unknown node, bad classifier, refusal).
    /// </summary>
    private JsonObject GraphQl(JsonNode request)
    {
        var query = request["query"]?.GetValue<string>() ?? string.Empty;
        var variables = request["variables"] as JsonObject ?? [];
        var update = Regex.Match(query, @"updateIssueComment\s*\(\s*input\s*:\s*\{(?<input>[^}]*)\}", RegexOptions.CultureInvariant);
        var minimize = Regex.Match(query, @"minimizeComment\s*\(\s*input\s*:\s*\{(?<input>[^}]*)\}", RegexOptions.CultureInvariant);
        if (!update.Success && !minimize.Success)
        {
            return GraphQlError("minimizeComment", "undefinedField", "Field is not supported by this stand-in; only updateIssueComment and minimizeComment are");
        }

        string? Argument(Match call, string name)
        {
            var value = Regex.Match(call.Groups["input"].Value, name + @"\s*:\s*(?:\$(?<var>\w+)|""(?<text>[^""]*)""|(?<enum>[A-Z_]+))", RegexOptions.CultureInvariant);
            return !value.Success ? null
                : value.Groups["var"].Success ? variables[value.Groups["var"].Value]?.GetValue<string>()
                : value.Groups["text"].Success ? value.Groups["text"].Value
                : value.Groups["enum"].Value;
        }

        var answer = new JsonObject { ["data"] = new JsonObject() };
        if (update.Success)
        {
            var subject = Argument(update, "id");
            var index = Comments.FindIndex(x => $"IC_{x.Id}" == subject);
            if (index < 0)
            {
                Merge(answer, GraphQlError("updateIssueComment", "NOT_FOUND", $"Could not resolve to a node with the global id of '{subject}'"));
            }
            else if (UpdateError is { } refusal)
            {
                Merge(answer, GraphQlError("updateIssueComment", "FORBIDDEN", refusal));
            }
            else
            {
                Comments[index] = Comments[index] with { Body = Argument(update, "body") ?? string.Empty };
                answer["data"]!["updateIssueComment"] = new JsonObject { ["issueComment"] = new JsonObject { ["id"] = subject } };
            }
        }

        if (minimize.Success)
        {
            Merge(answer, Minimize(Argument(minimize, "subjectId"), Argument(minimize, "classifier")));
        }

        return answer;
    }

    private JsonObject Minimize(string? subject, string? classifier)
    {
        if (classifier is not ("SPAM" or "ABUSE" or "OFF_TOPIC" or "OUTDATED" or "DUPLICATE" or "RESOLVED"))
        {
            return GraphQlError("minimizeComment", "argumentLiteralsIncompatible", $"Argument 'classifier' on InputObject 'MinimizeCommentInput' has an invalid value ({classifier}).");
        }

        var index = Comments.FindIndex(x => $"IC_{x.Id}" == subject);
        if (index < 0)
        {
            return GraphQlError("minimizeComment", "NOT_FOUND", $"Could not resolve to a node with the global id of '{subject}'");
        }

        if (MinimizeError is { } refusal)
        {
            return GraphQlError("minimizeComment", "FORBIDDEN", refusal);
        }

        Comments[index] = Comments[index] with { MinimizedAs = classifier };
        MinimizedComments.Enqueue((subject!, classifier));
        return new JsonObject
        {
            ["data"] = new JsonObject
            {
                ["minimizeComment"] = new JsonObject { ["minimizedComment"] = new JsonObject { ["isMinimized"] = true } },
            },
        };
    }

    /// <summary>Adds one field's answer (its data and its errors) to the answer of the whole request.</summary>
    private static void Merge(JsonObject answer, JsonObject part)
    {
        foreach (var (name, value) in (JsonObject)part["data"]!)
        {
            answer["data"]![name] = value?.DeepClone();
        }

        if (part["errors"] is JsonArray errors)
        {
            var all = answer["errors"] as JsonArray ?? [];
            foreach (var error in errors)
            {
                all.Add(error?.DeepClone());
            }

            answer["errors"] = all;
        }
    }

    private static JsonObject GraphQlError(string field, string type, string message) => new()
    {
        ["data"] = new JsonObject { [field] = null },
        ["errors"] = new JsonArray(new JsonObject
        {
            ["type"] = type,
            ["path"] = new JsonArray(field),
            ["locations"] = new JsonArray(new JsonObject { ["line"] = 1, ["column"] = 20 }),
            ["message"] = message,
        }),
    };

    private async Task HandleAsync(HttpContext context, Func<Task> next)
    {
        await oneAtATime.WaitAsync(context.RequestAborted);
        try
        {
            await next();
        }
        finally
        {
            oneAtATime.Release();
        }
    }

    private void AddFault(FaultRule rule)
    {
        lock (faults)
        {
            faults.Add(rule);
        }
    }

    private FaultRule? TakeFault(string method, string path)
    {
        var relative = path.StartsWith("/api/v3", StringComparison.Ordinal) ? path["/api/v3".Length..] : path;
        lock (faults)
        {
            var rule = faults.FirstOrDefault(f => f.Remaining > 0 && f.Matches(method, relative));
            if (rule is not null)
            {
                rule.Remaining--;
            }

            return rule;
        }
    }

    // GitHub's shape for a comment over the limit: the reason is in errors[], not in message.
    private static Task TooLong(HttpContext c)
    {
        c.Response.StatusCode = 422;
        return Json(c, new JsonObject
        {
            ["message"] = "Validation Failed",
            ["errors"] = new JsonArray(new JsonObject
            {
                ["resource"] = "IssueComment",
                ["code"] = "custom",
                ["field"] = "body",
                ["message"] = "body is too long (maximum is 65536 characters)",
            }),
            ["documentation_url"] = "https://docs.github.com/rest/issues/comments#create-an-issue-comment",
        });
    }

    private Task Pr(HttpContext c, int n, Func<JsonNode> body) => n == Number ? Json(c, body()) : Error(c, 404, "Not Found");

    private JsonArray LabelsJson() => new(Labels.Select(l => (JsonNode)new JsonObject { ["id"] = l.GetHashCode(), ["name"] = l, ["color"] = "ededed" }).ToArray());

    private static JsonObject ToJson(FakeComment comment) => new()
    {
        ["id"] = comment.Id,
        ["node_id"] = $"IC_{comment.Id}",
        ["body"] = comment.Body,
        ["user"] = User(comment.Login, comment.Bot),
        ["html_url"] = $"https://github.test/{Owner}/{Repo}/pull/{Number}#issuecomment-{comment.Id}",
        ["created_at"] = "2025-01-01T00:00:00Z",
        ["updated_at"] = "2025-01-01T00:00:00Z",
        ["author_association"] = "NONE",
    };

    private static JsonObject User(string login, bool bot) => new()
    {
        ["login"] = login,
        ["id"] = Math.Abs(login.GetHashCode(StringComparison.Ordinal)),
        ["type"] = bot || login.EndsWith("[bot]", StringComparison.Ordinal) ? "Bot" : "User",
        ["site_admin"] = false,
    };

    private static async Task<JsonNode> Body(HttpContext c) =>
        JsonNode.Parse(await new StreamReader(c.Request.Body).ReadToEndAsync()) ?? new JsonObject();

    private static Task Json(HttpContext c, JsonNode node)
    {
        c.Response.ContentType = "application/json; charset=utf-8";
        return c.Response.WriteAsync(node.ToJsonString(new JsonSerializerOptions { WriteIndented = false }));
    }

    private static Task Error(HttpContext c, int status, string message)
    {
        c.Response.StatusCode = status;
        return Json(c, new JsonObject { ["message"] = message, ["documentation_url"] = "https://docs.github.com/rest" });
    }
}

public sealed record FakeCommit(string Sha, string Author, string Committer, string Message);

public sealed record FakeFile(string Path, string Status = "modified", string? Patch = null, string? PreviousPath = null);

public sealed record FakeReview(long Id, string Login, bool Bot, string State, string CommitId, DateTimeOffset SubmittedAt);

public sealed record FakeComment(long Id, string Body, string Login, bool Bot)
{
    /// <summary>The classifier it was minimized with through GraphQL, or null while it is shown.</summary>
    public string? MinimizedAs { get; init; }
}

public sealed record FakeStatus(string Sha, string State, string Context, string Description, string? TargetUrl);

public enum FaultKind
{
    Fail,
    DropBefore,
    DropAfter,
    DelayAfter,
    Pause,
    PauseAfter,
}

/// <summary>One injected fault: which requests, how many more times, what happens.</summary>
public sealed class FaultRule(string method, string path, int times, FaultKind kind)
{
    private readonly Regex pattern = new(
        "^" + Regex.Escape(path).Replace(@"\*\*", ".*", StringComparison.Ordinal).Replace(@"\*", "[^/]*", StringComparison.Ordinal) + "$",
        RegexOptions.CultureInvariant);

    public FaultKind Kind { get; } = kind;

    public int Remaining { get; set; } = times;

    public int Status { get; init; } = 500;

    public string Message { get; init; } = "Server Error";

    public IReadOnlyDictionary<string, string>? Headers { get; init; }

    public TimeSpan Wait { get; init; }

    public PausePoint? Pause { get; init; }

    public bool Matches(string requestMethod, string requestPath) =>
        string.Equals(requestMethod, method, StringComparison.OrdinalIgnoreCase) && pattern.IsMatch(requestPath);
}

/// <summary>A point where requests wait for the test: a deterministic interleaving of two runs.</summary>
public sealed class PausePoint(int expected)
{
    private readonly TaskCompletionSource reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int arrived;

    /// <summary>Completes when the expected number of requests are waiting here.</summary>
    public Task Reached => reached.Task;

    internal Task Released => released.Task;

    public void Release() => released.TrySetResult();

    internal void Arrive()
    {
        if (Interlocked.Increment(ref arrived) == expected)
        {
            reached.TrySetResult();
        }
    }
}
