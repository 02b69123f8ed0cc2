using System.Collections.Immutable;
using System.Globalization;

namespace PlanReview.Core.Analysis;

/// <summary>A suppression that silenced a diagnostic, with the reason somebody gave.</summary>
public sealed record AppliedSuppression(string Justification, string Source);

/// <summary>One finding: a rule, an effective severity, the resource it is about, and a message.</summary>
public sealed record Diagnostic
{
    public required DiagnosticDescriptor Descriptor { get; init; }

    /// <summary>The effective severity after configuration.</summary>
    public required Severity Severity { get; init; }

    /// <summary>The resource address the finding is about; null for plan-wide findings.</summary>
    public string? Address { get; init; }

    /// <summary>The resource type, when the finding is about one resource.</summary>
    public string? ResourceType { get; init; }

    /// <summary>The plan the finding comes from (its source path).</summary>
    public string? PlanSource { get; init; }

    public required string Message { get; init; }

    /// <summary>
    /// The arguments the message was formatted with, as text. Reports use them to render the
    /// message with each argument escaped for its medium (plan text never becomes markup).
    /// </summary>
    public ImmutableArray<string> MessageArgs { get; init; } = [];

    /// <summary>Set when a justified suppression silenced this finding: it no longer counts, but reports show it.</summary>
    public AppliedSuppression? Suppression { get; init; }

    public string Id => Descriptor.Id;

    public bool IsSuppressed => Suppression is not null;

    /// <summary>Builds a diagnostic at the descriptor's default severity (configuration is applied later by the engine).</summary>
    public static Diagnostic Create(DiagnosticDescriptor descriptor, string? address, params object?[] messageArgs) => new()
    {
        Descriptor = descriptor,
        Severity = descriptor.DefaultSeverity,
        Address = address,
        Message = descriptor.FormatMessage(messageArgs),
        MessageArgs = messageArgs.Select(a => Convert.ToString(a, CultureInfo.InvariantCulture) ?? string.Empty).ToImmutableArray(),
    };
}
