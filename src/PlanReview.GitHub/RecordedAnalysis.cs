using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using PlanReview.Core.Model;
using PlanReview.Reporting.Model;

namespace PlanReview.GitHub;

/// <summary>
/// What a pull_request run decided, recorded in the sticky comment so that a later
/// pull_request_review run can re-evaluate the approvals without the plan.
/// </summary>
public sealed record RecordedAnalysis
{
    public const int CurrentVersion = 1;

    public int Version { get; init; } = CurrentVersion;

    public required string Context { get; init; }

    /// <summary>The head commit the analysis is for: approvals of any other commit do not count.</summary>
    public required string HeadSha { get; init; }

    /// <summary>The workflow run that wrote it (<c>GITHUB_RUN_ID</c>): an older run never overwrites a newer one.</summary>
    public long RunId { get; init; }

    /// <summary>True when a human must approve (after <c>ai-only</c>).</summary>
    public bool ApprovalRequired { get; init; }

    public int RequiredApprovals { get; init; } = 1;

    public ImmutableArray<string> Approvers { get; init; } = [];

    public int DestroyCount { get; init; }

    public int ReplaceCount { get; init; }

    /// <summary>SHA-256 of the sorted destroy/replace set (see <see cref="DigestOf"/>).</summary>
    public string ChangeDigest { get; init; } = string.Empty;

    /// <summary>A short, human sentence of what is destroyed, for the status description.</summary>
    public string What { get; init; } = string.Empty;

    public ImmutableArray<string> AiSignals { get; init; } = [];

    /// <summary>Set when the analysis failed: the gate stays closed (status error) until a run succeeds for this head.</summary>
    public string? Error { get; init; }

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = false,
    };

    /// <summary>
    /// The digest of what the plan destroys and replaces: one line per resource (action, plan, address),
    /// sorted ordinally, hashed. Two runs with the same digest would ask for the same approval.
    /// </summary>
    public static string DigestOf(Report report)
    {
        // The blast radius names the managed resources destroyed and replaced; the changes name their plan.
        var destroyed = report.BlastRadius.Destroyed.ToHashSet(StringComparer.Ordinal);
        var replaced = report.BlastRadius.Replaced.ToHashSet(StringComparer.Ordinal);
        var lines = report.Changes
            .Select(c => c.Action == ChangeAction.Delete && destroyed.Contains(c.Address) ? $"delete\t{c.Plan}\t{c.Address}"
                : c.Action == ChangeAction.Replace && replaced.Contains(c.Address) ? $"replace\t{c.Plan}\t{c.Address}"
                : null)
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal);
        return Sha256(string.Join("\n", lines));
    }

    internal string Serialize()
    {
        var payload = Base64Url(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(this, Json)));
        return $"{payload} sha256={Checksum(payload)}";
    }

    /// <summary>Reads a recorded block; null when it is not well-formed or its checksum does not match (edited by hand).</summary>
    internal static RecordedAnalysis? Deserialize(string payload, string checksum)
    {
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Checksum(payload)), Encoding.ASCII.GetBytes(checksum)))
        {
            return null;
        }

        try
        {
            var json = Encoding.UTF8.GetString(FromBase64Url(payload));
            var state = JsonSerializer.Deserialize<RecordedAnalysis>(json, Json);
            return state is { Version: CurrentVersion } && state.HeadSha.Length > 0 ? Normalize(state) : null;
        }
        catch (Exception ex) when (ex is JsonException or FormatException or ArgumentException)
        {
            return null;
        }
    }

    // System.Text.Json leaves absent arrays default; the rest of the code expects empty ones.
    private static RecordedAnalysis Normalize(RecordedAnalysis state) => state with
    {
        Approvers = state.Approvers.IsDefault ? [] : state.Approvers,
        AiSignals = state.AiSignals.IsDefault ? [] : state.AiSignals,
    };

    // The checksum makes the block tamper-evident (a hand edit of the payload is detected); it is
    // not a signature: what makes the block trustworthy is that only the token's own identity's
    // comment is read at all (see StickyComment).
    private static string Checksum(string payload) => Sha256("planreview:state:v1:" + payload);

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] FromBase64Url(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        padded += (padded.Length % 4) switch { 2 => "==", 3 => "=", _ => string.Empty };
        return Convert.FromBase64String(padded);
    }
}
