using System.Globalization;
using System.Net;
using System.Runtime.ExceptionServices;
using Octokit;

namespace PlanReview.GitHub;

/// <summary>
/// How hard PlanReview tries when GitHub fails. The delay, the jitter and the clock are injected so
/// that tests run the whole policy without sleeping.
/// </summary>
public sealed record GitHubRetryOptions
{
    public static GitHubRetryOptions Default { get; } = new();

    /// <summary>Attempts per request, the first included.</summary>
    public int MaxAttempts { get; init; } = 4;

    /// <summary>The most a run waits in total between attempts; a longer wait asked by GitHub fails at once.</summary>
    public TimeSpan MaxTotalWait { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The first backoff step; it doubles on each attempt, up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(16);

    /// <summary>GitHub asks clients to wait at least a minute after a secondary rate limit that has no <c>retry-after</c>.</summary>
    public TimeSpan SecondaryRateLimitWait { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long one request may take before it counts as lost (Octokit's default is 100 s).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public Func<TimeSpan, CancellationToken, Task> Delay { get; init; } = (delay, ct) => Task.Delay(delay, ct);

    /// <summary>A number in [0, 1) that spreads the backoff so that parallel jobs do not retry in step.</summary>
    public Func<double> Jitter { get; init; } = () => Random.Shared.NextDouble();

    public Func<DateTimeOffset> UtcNow { get; init; } = () => DateTimeOffset.UtcNow;
}

/// <summary>One GitHub request, as the retry, the logs and the permission errors name it.</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="Endpoint">The path under the repository or the API root, e.g. <c>issues/7/comments</c>.</param>
/// <param name="Permission">The workflow permission it needs (<c>statuses: write</c>), or null when a 403 is an answer, not a refusal.</param>
/// <param name="NotFoundIsPermission">A 404 means the token cannot see the resource (GitHub hides what a token may not read), not that it is absent.</param>
internal sealed record GitHubRequest(string Method, string Endpoint, string? Permission, bool NotFoundIsPermission = false)
{
    public override string ToString() => $"{Method} {Endpoint}";
}

/// <summary>The token may not do what the Action needs: the one line to show, naming the permission to add.</summary>
public sealed class GitHubPermissionException(string permission, string message, Exception inner) : Exception(message, inner)
{
    /// <summary>The line for the workflow's <c>permissions:</c> block, e.g. <c>statuses: write</c>.</summary>
    public string Permission { get; } = permission;
}

/// <summary>GitHub kept failing (or asked for a longer wait than PlanReview allows): the one line to show.</summary>
public sealed class GitHubUnavailableException(string message, Exception inner) : Exception(message, inner);

/// <summary>
/// The retry policy of every GitHub request, in one place: bounded exponential backoff with jitter on
/// 5xx, lost connections and timeouts; GitHub's own wait on 429 and rate limits (<c>retry-after</c>,
/// or <c>x-ratelimit-reset</c> when <c>x-ratelimit-remaining</c> is 0). A request that may have reached
/// GitHub before it failed is repeated blindly only when repeating it is harmless; otherwise the
/// caller's reconciliation looks first for what the lost attempt did.
/// </summary>
internal sealed class GitHubRetry(GitHubRetryOptions options, TextWriter log)
{
    private TimeSpan waited;
    private int retries;

    /// <summary>Retries made so far in this run.</summary>
    public int Retries => Volatile.Read(ref retries);

    /// <summary>Runs an idempotent request.</summary>
    public Task<T> RunAsync<T>(GitHubRequest request, Func<Task<T>> call, CancellationToken ct) =>
        RunAsync(request, call, reconcile: null, idempotent: true, ct);

    public Task RunAsync(GitHubRequest request, Func<Task> call, CancellationToken ct) =>
        RunAsync<bool>(request, async () =>
        {
            await call().ConfigureAwait(false);
            return true;
        }, ct);

    /// <summary>
    /// Runs a request that must not be applied twice. After a failure that GitHub may have acted on (a
    /// timeout, a lost connection, a 5xx), <paramref name="reconcile"/> looks for its effect; when found,
    /// that is the result, otherwise the request is repeated.
    /// </summary>
    public Task<T> RunOnceAsync<T>(GitHubRequest request, Func<Task<T>> call, Func<Task<T?>> reconcile, CancellationToken ct)
        where T : class =>
        RunAsync(request, call, reconcile, idempotent: false, ct);

    private async Task<T> RunAsync<T>(GitHubRequest request, Func<Task<T>> call, Func<Task<T?>>? reconcile, bool idempotent, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            Exception failure;
            try
            {
                return await call().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is ApiException or HttpRequestException or OperationCanceledException && !ct.IsCancellationRequested)
            {
                failure = ex;
            }

            var verdict = Classify(failure, attempt);
            if (verdict is null || (verdict.MayHaveApplied && !idempotent && reconcile is null))
            {
                throw Refusal(request, failure);
            }

            if (attempt >= options.MaxAttempts)
            {
                throw new GitHubUnavailableException(
                    $"{request} failed {attempt.ToString(CultureInfo.InvariantCulture)} times ({verdict.Reason}); GitHub may be having an incident (https://www.githubstatus.com): re-run the job later",
                    failure);
            }

            var left = options.MaxTotalWait - waited;
            if (verdict.Wait > left)
            {
                throw new GitHubUnavailableException(
                    $"{request}: GitHub asks to wait {Seconds(verdict.Wait)} s ({verdict.Reason}), more than the {Seconds(left)} s PlanReview may still wait; re-run the job later",
                    failure);
            }

            Interlocked.Increment(ref retries);
            await log.WriteLineAsync($"planreview github: {request} failed ({verdict.Reason}); retry {attempt.ToString(CultureInfo.InvariantCulture)} of {(options.MaxAttempts - 1).ToString(CultureInfo.InvariantCulture)} in {Seconds(verdict.Wait)} s").ConfigureAwait(false);
            await options.Delay(verdict.Wait, ct).ConfigureAwait(false);
            waited += verdict.Wait;

            if (verdict.MayHaveApplied && reconcile is not null)
            {
                if (await reconcile().ConfigureAwait(false) is { } done)
                {
                    await log.WriteLineAsync($"planreview github: {request} had been applied before the failure; not repeated").ConfigureAwait(false);
                    return done;
                }
            }
        }
    }

    /// <summary>Why and how long to wait before the next attempt; null when the failure is an answer, not an accident.</summary>
    private Verdict? Classify(Exception failure, int attempt)
    {
        // Drawn only for a failure that is retried, so that a test's sequence of jitter values is not consumed by answers.
        TimeSpan Backoff() => ExponentialBackoff(attempt);
        switch (failure)
        {
            case OperationCanceledException:
                return new Verdict($"no answer within {Seconds(options.RequestTimeout)} s", Backoff(), MayHaveApplied: true);
            case HttpRequestException http:
                return new Verdict($"connection lost: {GitHubCommand.OneLine(http.Message)}", Backoff(), MayHaveApplied: true);
            case ApiException api:
                var status = (int)api.StatusCode;
                var retryAfter = RetryAfter(api);
                var exhausted = Header(api, "x-ratelimit-remaining") == "0";
                var text = ErrorText(api);
                var secondary = text.Contains("secondary rate limit", StringComparison.OrdinalIgnoreCase)
                    || text.Contains("abuse", StringComparison.OrdinalIgnoreCase);
                if (status == 429 || (status == 403 && (retryAfter is not null || exhausted || secondary)))
                {
                    // Nothing was done: GitHub refused before acting, so any request may be repeated.
                    if (retryAfter is { } after)
                    {
                        return new Verdict($"{status.ToString(CultureInfo.InvariantCulture)} {(secondary ? "secondary rate limit" : "rate limited")}, retry-after {Seconds(after)} s", after, MayHaveApplied: false);
                    }

                    if (exhausted && Reset(api) is { } reset)
                    {
                        // One second past the reset: the header has a one-second resolution.
                        var until = reset - options.UtcNow() + TimeSpan.FromSeconds(1);
                        return new Verdict($"{status.ToString(CultureInfo.InvariantCulture)} rate limit exhausted until {reset.UtcDateTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture)} UTC", until < TimeSpan.Zero ? TimeSpan.Zero : until, MayHaveApplied: false);
                    }

                    return secondary
                        ? new Verdict($"{status.ToString(CultureInfo.InvariantCulture)} secondary rate limit", options.SecondaryRateLimitWait, MayHaveApplied: false)
                        : new Verdict($"{status.ToString(CultureInfo.InvariantCulture)} rate limited", Backoff(), MayHaveApplied: false);
                }

                if (status >= 500)
                {
                    return new Verdict($"{status.ToString(CultureInfo.InvariantCulture)} {api.StatusCode}", retryAfter ?? Backoff(), MayHaveApplied: true);
                }

                return null;
            default:
                return null;
        }
    }

    /// <summary>The exception for a failure that is not retried: a permission refusal is named, anything else stays as Octokit threw it.</summary>
    private static Exception Refusal(GitHubRequest request, Exception failure)
    {
        if (failure is ApiException api && request.Permission is { } permission
            && (api.StatusCode == HttpStatusCode.Forbidden || (api.StatusCode == HttpStatusCode.NotFound && request.NotFoundIsPermission)))
        {
            var hint = api.StatusCode == HttpStatusCode.NotFound ? " (GitHub answers 404 for what a token may not see)" : string.Empty;
            var org = permission.StartsWith("members:", StringComparison.Ordinal)
                ? "; GITHUB_TOKEN cannot read team membership: pass a GitHub App or organization token with members: read as github-token, or list users in approvers"
                : string.Empty;
            return new GitHubPermissionException(
                permission,
                $"the token may not {request}: GitHub answered {((int)api.StatusCode).ToString(CultureInfo.InvariantCulture)} {GitHubCommand.OneLine(api.Message)}{hint}; add `{permission}` to the workflow's permissions: block{org}",
                failure);
        }

        ExceptionDispatchInfo.Capture(failure).Throw();
        return failure;
    }

    private TimeSpan ExponentialBackoff(int attempt)
    {
        // Exponential, capped, with "equal jitter": half fixed, half random, so the wait never collapses to zero.
        var step = Math.Min(options.MaxBackoff.TotalMilliseconds, options.BaseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1));
        return TimeSpan.FromMilliseconds(step / 2 + (step / 2 * options.Jitter()));
    }

    private TimeSpan? RetryAfter(ApiException api)
    {
        if (Header(api, "retry-after") is not { } value)
        {
            return null;
        }

        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return TimeSpan.FromSeconds(seconds);
        }

        // The HTTP-date form.
        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? (at - options.UtcNow() is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero)
            : null;
    }

    private static DateTimeOffset? Reset(ApiException api) =>
        long.TryParse(Header(api, "x-ratelimit-reset"), NumberStyles.None, CultureInfo.InvariantCulture, out var epoch)
            ? DateTimeOffset.FromUnixTimeSeconds(epoch)
            : null;

    private static string? Header(ApiException api, string name)
    {
        if (api.HttpResponse?.Headers is not { } headers)
        {
            return null;
        }

        // Octokit keeps the header names as the server sent them.
        foreach (var (key, value) in headers)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                return value?.Trim();
            }
        }

        return null;
    }

    /// <summary>GitHub's message, its validation errors and the raw body: where a rate limit or a size limit is said.</summary>
    internal static string ErrorText(ApiException api)
    {
        var parts = new List<string> { api.Message };
        if (api.ApiError?.Errors is { } errors)
        {
            parts.AddRange(errors.Select(e => e.Message ?? string.Empty));
        }

        if (api.HttpResponse?.Body is string body)
        {
            parts.Add(body);
        }

        return string.Join(' ', parts);
    }

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture);

    private sealed record Verdict(string Reason, TimeSpan Wait, bool MayHaveApplied);
}
