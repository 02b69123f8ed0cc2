using System.Collections.Immutable;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Octokit;
using Octokit.Internal;

namespace PlanReview.GitHub;

/// <summary>A commit of the pull request, reduced to what the gate needs.</summary>
public sealed record PullRequestCommitInfo(string Sha, string? AuthorLogin, string? CommitterLogin, string Message);

/// <summary>A file changed by the pull request.</summary>
public sealed record ChangedFile(string Path, string? PreviousPath, string Status, string? Patch);

/// <summary>The commit status states (GitHub's four).</summary>
public enum GateState
{
    Pending,
    Success,
    Failure,
    Error,
}

/// <summary>
/// The only place that talks to GitHub: every call goes through Octokit, and every HTTP request is
/// counted (the issue targets at most 8 on a typical pull_request run). Method names say which
/// endpoint they call.
/// </summary>
public sealed class GitHubApi : IDisposable
{
    // Two mutations in one request: GraphQL runs a mutation's root fields one after the other, in order,
    // so the comment loses its marker before it is hidden.
    private const string RetireMutation =
        "mutation($id: ID!, $body: String!) { updateIssueComment(input: {id: $id, body: $body}) { issueComment { id } } "
        + "minimizeComment(input: {subjectId: $id, classifier: OUTDATED}) { minimizedComment { isMinimized } } }";

    private readonly GitHubClient client;
    private readonly CountingHttpClient http;
    private readonly GitHubRetry retry;
    private readonly CancellationToken ct;
    private readonly string owner;
    private readonly string repo;
    private readonly Uri graphQl;

    /// <param name="apiUrl">GITHUB_API_URL.</param>
    /// <param name="token">The token.</param>
    /// <param name="repository">owner/name.</param>
    /// <param name="options">The retry policy (tests inject the delay and the clock); the default otherwise.</param>
    /// <param name="log">Where retries are logged, with their reason.</param>
    /// <param name="ct">Cancels the waits between attempts.</param>
    public GitHubApi(Uri apiUrl, string token, string repository, GitHubRetryOptions? options = null, TextWriter? log = null, CancellationToken ct = default)
    {
        var slash = repository.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == repository.Length - 1)
        {
            throw new ArgumentException($"GITHUB_REPOSITORY must be owner/name, not '{repository}'", nameof(repository));
        }

        owner = repository[..slash];
        repo = repository[(slash + 1)..];
        graphQl = GraphQlEndpoint(apiUrl);

        // GITHUB_API_URL is used as the runner gives it (https://api.github.com, https://HOST/api/v3 on
        // GitHub Enterprise Server, https://api.SUBDOMAIN.ghe.com): Octokit's own fix-up would append
        // /api/v3 to hosts it does not know.
        var baseAddress = apiUrl.AbsoluteUri.EndsWith('/') ? apiUrl : new Uri(apiUrl.AbsoluteUri + "/");
        http = new CountingHttpClient(new HttpClientAdapter(HttpMessageHandlerFactory.CreateDefault));
        var connection = new Connection(
            new ProductHeaderValue("planreview", Reporting.ToolInfo.Version),
            baseAddress,
            new InMemoryCredentialStore(new Credentials(token)),
            http,
            new SimpleJsonSerializer());
        client = new GitHubClient(connection);
        options ??= GitHubRetryOptions.Default;
        client.SetRequestTimeout(options.RequestTimeout);
        retry = new GitHubRetry(options, log ?? TextWriter.Null);
        this.ct = ct;
    }

    /// <summary>HTTP requests made so far (each page of a paginated list counts).</summary>
    public int RequestCount => http.Count;

    /// <summary>Requests repeated after a failure so far.</summary>
    public int RetryCount => retry.Retries;

    /// <summary><c>GET /user</c>: the token's identity, or null when the token may not ask (GITHUB_TOKEN answers 403).</summary>
    public async Task<string?> GetAuthenticatedLoginAsync()
    {
        try
        {
            return (await retry.RunAsync(new GitHubRequest("GET", "user", null), () => client.User.Current(), ct).ConfigureAwait(false)).Login;
        }
        catch (ApiException ex) when (ex.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary><c>GET /repos/{o}/{r}/contents/{path}?ref=</c>: the file's text, or null when it does not exist (or is a folder).</summary>
    public async Task<string?> GetFileAsync(string path, string reference)
    {
        try
        {
            // The JSON form (base64 content) rather than the raw media type: its shape does not depend
            // on the Content-Type a server picks for the raw bytes.
            var contents = await retry.RunAsync(
                new GitHubRequest("GET", $"contents/{path}?ref={reference}", "contents: read"),
                () => client.Repository.Content.GetAllContentsByRef(owner, repo, path, reference),
                ct).ConfigureAwait(false);
            var file = contents.FirstOrDefault(c => c.Type.StringValue == "file");
            if (file?.EncodedContent is null)
            {
                return null;
            }

            return new UTF8Encoding(false, true).GetString(Convert.FromBase64String(file.EncodedContent));
        }
        catch (NotFoundException)
        {
            return null;
        }
    }

    /// <summary><c>GET /repos/{o}/{r}/pulls/{n}/files</c> (paginated; GitHub caps it at 3000 files).</summary>
    public async Task<ImmutableArray<ChangedFile>> GetChangedFilesAsync(int number)
    {
        var files = await retry.RunAsync(
            new GitHubRequest("GET", $"pulls/{number}/files", "pull-requests: read", NotFoundIsPermission: true),
            () => client.PullRequest.Files(owner, repo, number, new ApiOptions { PageSize = 100 }),
            ct).ConfigureAwait(false);
        return files.Select(f => new ChangedFile(f.FileName, f.PreviousFileName, f.Status ?? string.Empty, f.Patch)).ToImmutableArray();
    }

    /// <summary><c>GET /repos/{o}/{r}/pulls/{n}/commits</c>, oldest first.</summary>
    public async Task<ImmutableArray<PullRequestCommitInfo>> GetCommitsAsync(int number)
    {
        var commits = await retry.RunAsync(
            new GitHubRequest("GET", $"pulls/{number}/commits", "pull-requests: read", NotFoundIsPermission: true),
            () => client.PullRequest.Commits(owner, repo, number),
            ct).ConfigureAwait(false);
        return commits.Select(c => new PullRequestCommitInfo(c.Sha, c.Author?.Login, c.Committer?.Login, c.Commit?.Message ?? string.Empty)).ToImmutableArray();
    }

    /// <summary><c>GET /repos/{o}/{r}/pulls/{n}/reviews</c> (paginated).</summary>
    public async Task<ImmutableArray<Review>> GetReviewsAsync(int number)
    {
        var reviews = await retry.RunAsync(
            new GitHubRequest("GET", $"pulls/{number}/reviews", "pull-requests: read", NotFoundIsPermission: true),
            () => client.PullRequest.Review.GetAll(owner, repo, number, new ApiOptions { PageSize = 100 }),
            ct).ConfigureAwait(false);
        return reviews.Where(r => r.User is not null).Select(r => new Review(
            r.Id,
            r.User.Login,
            IsBotType(r.User),
            ParseState(r.State.StringValue),
            r.CommitId,
            r.SubmittedAt == default ? null : r.SubmittedAt)).ToImmutableArray();
    }

    /// <summary><c>GET /repos/{o}/{r}/issues/{n}/comments</c> (paginated).</summary>
    public async Task<ImmutableArray<CommentInfo>> GetCommentsAsync(int number)
    {
        var comments = await retry.RunAsync(
            new GitHubRequest("GET", $"issues/{number}/comments", "pull-requests: write", NotFoundIsPermission: true),
            () => client.Issue.Comment.GetAllForIssue(owner, repo, number, new ApiOptions { PageSize = 100 }),
            ct).ConfigureAwait(false);
        return comments.Select(ToInfo).ToImmutableArray();
    }

    /// <summary>
    /// <c>POST /repos/{o}/{r}/issues/{n}/comments</c>, never twice: when an attempt fails in a way GitHub
    /// may have acted on (timeout, lost connection, 5xx), the comments are listed again and
    /// <paramref name="alreadyPosted"/> picks the one that attempt created, if any, before repeating.
    /// </summary>
    public Task<CommentInfo> CreateCommentAsync(int number, string body, Func<ImmutableArray<CommentInfo>, Task<CommentInfo?>> alreadyPosted) =>
        retry.RunOnceAsync(
            new GitHubRequest("POST", $"issues/{number}/comments", "pull-requests: write", NotFoundIsPermission: true),
            async () => ToInfo(await client.Issue.Comment.Create(owner, repo, number, body).ConfigureAwait(false)),
            async () => await alreadyPosted(await GetCommentsAsync(number).ConfigureAwait(false)).ConfigureAwait(false),
            ct);

    /// <summary><c>PATCH /repos/{o}/{r}/issues/comments/{id}</c>: the same body twice is the same comment, so it is retried.</summary>
    public Task UpdateCommentAsync(long id, string body) => retry.RunAsync(
        new GitHubRequest("PATCH", $"issues/comments/{id}", "pull-requests: write"),
        () => client.Issue.Comment.Update(owner, repo, id, body),
        ct);

    /// <summary><c>DELETE /repos/{o}/{r}/issues/comments/{id}</c>; a comment already gone is fine.</summary>
    public async Task DeleteCommentAsync(long id)
    {
        try
        {
            await retry.RunAsync(
                new GitHubRequest("DELETE", $"issues/comments/{id}", "pull-requests: write"),
                () => client.Issue.Comment.Delete(owner, repo, id),
                ct).ConfigureAwait(false);
        }
        catch (NotFoundException)
        {
        }
    }

    /// <summary><c>POST /repos/{o}/{r}/statuses/{sha}</c>: the same state on the same commit and context is the same status, so it is retried.</summary>
    public Task SetStatusAsync(string sha, GateState state, string context, string description, string? targetUrl) => retry.RunAsync(
        new GitHubRequest("POST", $"statuses/{sha}", "statuses: write", NotFoundIsPermission: true),
        () => client.Repository.Status.Create(owner, repo, sha, new NewCommitStatus
        {
            State = state switch
            {
                GateState.Success => CommitState.Success,
                GateState.Failure => CommitState.Failure,
                GateState.Error => CommitState.Error,
                _ => CommitState.Pending,
            },
            Context = context,
            Description = description,
            TargetUrl = targetUrl,
        }),
        ct);

    /// <summary><c>POST /repos/{o}/{r}/issues/{n}/labels</c>: adding a label twice leaves one, so it is retried.</summary>
    public Task AddLabelsAsync(int number, string[] labels) => retry.RunAsync(
        new GitHubRequest("POST", $"issues/{number}/labels", "issues: write", NotFoundIsPermission: true),
        () => client.Issue.Labels.AddToIssue(owner, repo, number, labels),
        ct);

    /// <summary><c>DELETE /repos/{o}/{r}/issues/{n}/labels/{name}</c>; a label that is not there is fine.</summary>
    public async Task RemoveLabelAsync(int number, string label)
    {
        try
        {
            await retry.RunAsync(
                new GitHubRequest("DELETE", $"issues/{number}/labels/{label}", "issues: write"),
                () => client.Issue.Labels.RemoveFromIssue(owner, repo, number, label),
                ct).ConfigureAwait(false);
        }
        catch (NotFoundException)
        {
        }
    }

    /// <summary><c>GET /repos/{o}/{r}/collaborators/{u}/permission</c>: admin or write (maintain reports as write).</summary>
    public async Task<bool> HasWriteAccessAsync(string login)
    {
        try
        {
            var permission = await retry.RunAsync(
                new GitHubRequest("GET", $"collaborators/{login}/permission", "metadata: read"),
                () => client.Repository.Collaborator.ReviewPermission(owner, repo, login),
                ct).ConfigureAwait(false);
            return permission.Permission?.ToLowerInvariant() is "admin" or "maintain" or "write"
                || permission.RoleName?.ToLowerInvariant() is "admin" or "maintain" or "write";
        }
        catch (NotFoundException)
        {
            return false;
        }
    }

    /// <summary><c>GET /orgs/{org}/teams/{team}/memberships/{u}</c>: an active member.</summary>
    public async Task<bool> IsTeamMemberAsync(string org, string teamSlug, string login)
    {
        try
        {
            var uri = new Uri($"orgs/{Uri.EscapeDataString(org)}/teams/{Uri.EscapeDataString(teamSlug)}/memberships/{Uri.EscapeDataString(login)}", UriKind.Relative);
            var response = await retry.RunAsync(
                new GitHubRequest("GET", uri.OriginalString, "members: read"),
                () => client.Connection.Get<TeamMembershipDetails>(uri, null),
                ct).ConfigureAwait(false);
            return string.Equals(response.Body.State.StringValue, "active", StringComparison.OrdinalIgnoreCase);
        }
        catch (NotFoundException)
        {
            return false;
        }
    }

    /// <summary>
    /// Retires an older comment in one GraphQL request: <c>updateIssueComment</c> replaces its body (the
    /// pointer to the new comment, without the marker), then <c>minimizeComment</c> folds it away as
    /// OUTDATED. One request instead of a REST <c>PATCH</c> and a GraphQL call. Both are idempotent, so
    /// the request is retried like any idempotent call. GraphQL reports most failures with 200 and an
    /// <c>errors</c> array, per field.
    /// </summary>
    /// <returns>Whether the body was replaced, and null when GitHub says the comment is minimized, otherwise why not.</returns>
    public async Task<(bool Updated, string? MinimizeProblem)> RetireCommentAsync(string nodeId, string body)
    {
        var request = new JsonObject
        {
            ["query"] = RetireMutation,
            ["variables"] = new JsonObject { ["id"] = nodeId, ["body"] = body },
        };

        // A string body is sent as it is: Octokit's serializer would rename the members to snake_case.
        var response = await retry.RunAsync(
            new GitHubRequest("POST", "graphql updateIssueComment+minimizeComment", "pull-requests: write"),
            () => client.Connection.Post<object>(graphQl, request.ToJsonString(), "application/json", "application/json", graphQl),
            ct).ConfigureAwait(false);
        var answer = response.HttpResponse.Body as string;
        return (Updated(answer), MinimizeOutcome(answer));
    }

    /// <summary>
    /// The GraphQL endpoint for a REST API root: <c>https://api.github.com</c> and the data-residency
    /// hosts (<c>https://api.SUBDOMAIN.ghe.com</c>) serve it at <c>/graphql</c>; GitHub Enterprise
    /// Server's REST root is <c>https://HOST/api/v3</c> and its GraphQL one <c>https://HOST/api/graphql</c>.
    /// </summary>
    public static Uri GraphQlEndpoint(Uri apiUrl)
    {
        var root = apiUrl.GetLeftPart(UriPartial.Path).TrimEnd('/');
        return root.EndsWith("/api/v3", StringComparison.OrdinalIgnoreCase)
            ? new Uri(root[..^"/v3".Length] + "/graphql")
            : new Uri(root + "/graphql");
    }

    /// <summary>Reads the <c>minimizeComment</c> part of an answer: null when minimized, otherwise the reason in one line.</summary>
    internal static string? MinimizeOutcome(string? body)
    {
        JsonNode? json;
        try
        {
            json = string.IsNullOrWhiteSpace(body) ? null : JsonNode.Parse(body);
        }
        catch (JsonException)
        {
            return "GitHub's answer is not JSON";
        }

        // Errors of the other field (its path names it) are not about minimizing; errors without a path are about the whole request.
        var errors = (json?["errors"] as JsonArray ?? [])
            .Where(e => e?["path"] is not JsonArray { Count: > 0 } path || path[0]?.ToString() == "minimizeComment")
            .ToArray();
        if (errors.Length > 0)
        {
            return string.Join("; ", errors.Select(e => GitHubCommand.OneLine(
                (e?["type"] is JsonValue type ? type.ToString() + ": " : string.Empty) + (e?["message"]?.ToString() ?? "error"))));
        }

        return json?["data"]?["minimizeComment"]?["minimizedComment"]?["isMinimized"] is JsonValue minimized
            && minimized.TryGetValue<bool>(out var yes) && yes
            ? null
            : "GitHub did not report the comment as minimized";
    }

    /// <summary>Whether an answer says <c>updateIssueComment</c> replaced the body.</summary>
    internal static bool Updated(string? body)
    {
        try
        {
            return !string.IsNullOrWhiteSpace(body) && JsonNode.Parse(body)?["data"]?["updateIssueComment"]?["issueComment"] is JsonObject;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    public void Dispose() => http.Dispose();

    private static CommentInfo ToInfo(IssueComment c) =>
        new(c.Id, c.Body ?? string.Empty, c.User?.Login ?? string.Empty, c.User is not null && IsBotType(c.User), string.IsNullOrEmpty(c.NodeId) ? null : c.NodeId);

    private static bool IsBotType(User user) =>
        user.Type == AccountType.Bot || user.Login.EndsWith("[bot]", StringComparison.OrdinalIgnoreCase);

    private static ReviewState ParseState(string? state) => state?.ToUpperInvariant() switch
    {
        "APPROVED" => ReviewState.Approved,
        "CHANGES_REQUESTED" => ReviewState.ChangesRequested,
        "COMMENTED" => ReviewState.Commented,
        "DISMISSED" => ReviewState.Dismissed,
        "PENDING" => ReviewState.Pending,
        _ => ReviewState.Other,
    };

    /// <summary>Counts every request Octokit sends.</summary>
    private sealed class CountingHttpClient(IHttpClient inner) : IHttpClient
    {
        private int count;

        public int Count => Volatile.Read(ref count);

        public Task<IResponse> Send(IRequest request, CancellationToken cancellationToken, Func<object, object>? preprocessResponseBody = null)
        {
            Interlocked.Increment(ref count);
            return inner.Send(request, cancellationToken, preprocessResponseBody);
        }

        public void SetRequestTimeout(TimeSpan timeout) => inner.SetRequestTimeout(timeout);

        public void Dispose() => inner.Dispose();
    }
}
