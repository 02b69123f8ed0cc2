using System.Collections.Immutable;
using PlanReview.Core.Configuration;

namespace PlanReview.Core.Analysis;

/// <summary>Whether a human must approve, and why (each reason a sentence).</summary>
public sealed record Decision(bool ApprovalRequired, int RequiredApprovals, ImmutableArray<string> Reasons, int DestroyCount, int ReplaceCount)
{
    /// <summary>
    /// The policy's verdict: approval is required when the destroyed or replaced managed resources exceed
    /// their thresholds, or when any finding that is not suppressed is an error.
    /// </summary>
    /// <param name="where">Appended to the count reasons, e.g. " across the stacks" for a merged report.</param>
    public static Decision Make(int destroyed, int replaced, IEnumerable<Diagnostic> diagnostics, Policy policy, string where = "")
    {
        var reasons = ImmutableArray.CreateBuilder<string>();
        if (destroyed > policy.MaxDestroy)
        {
            reasons.Add($"{Plural(destroyed, "resource")} destroyed{where}; the policy allows {policy.MaxDestroy} without approval");
        }

        if (replaced > policy.MaxReplace)
        {
            reasons.Add($"{Plural(replaced, "resource")} replaced{where}; the policy allows {policy.MaxReplace} without approval");
        }

        var errors = diagnostics.Where(d => !d.IsSuppressed && d.Severity == Severity.Error).ToArray();
        if (errors.Length > 0)
        {
            var ids = string.Join(", ", errors.Select(d => d.Id).Distinct().Order(StringComparer.Ordinal));
            reasons.Add($"{Plural(errors.Length, "error finding")} ({ids})");
        }

        return new Decision(reasons.Count > 0, policy.RequiredApprovals, reasons.ToImmutable(), destroyed, replaced);
    }

    private static string Plural(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";
}

/// <summary>The one order of findings in every report: severity (highest first), id, address, plan, message.</summary>
public static class DiagnosticOrder
{
    public static ImmutableArray<Diagnostic> Sort(IEnumerable<Diagnostic> diagnostics) => diagnostics
        .OrderByDescending(d => d.Severity)
        .ThenBy(d => d.Id, StringComparer.Ordinal)
        .ThenBy(d => d.Address ?? string.Empty, StringComparer.Ordinal)
        .ThenBy(d => d.PlanSource ?? string.Empty, StringComparer.Ordinal)
        .ThenBy(d => d.Message, StringComparer.Ordinal)
        .ToImmutableArray();
}
