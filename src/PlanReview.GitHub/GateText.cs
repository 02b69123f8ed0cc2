using System.Collections.Immutable;
using System.Text;
using PlanReview.Core.Analysis;
using PlanReview.Reporting.Markdown;
using PlanReview.Reporting.Model;

namespace PlanReview.GitHub;

/// <summary>The short texts of the gate: the commit status description and the comment's approval section.</summary>
public static class GateText
{
    /// <summary>GitHub rejects a status description over 140 characters with 422.</summary>
    public const int MaxStatusDescription = 140;

    /// <summary>"destroys aws_db_instance.main and 2 more; replaces 1" (addresses are not secrets; values never appear).</summary>
    public static string What(Report report, ImmutableArray<string> gateFindings)
    {
        var destroyed = report.BlastRadius.Destroyed;
        var replaced = report.BlastRadius.Replaced;
        var parts = new List<string>();
        if (destroyed.Length > 0)
        {
            parts.Add(destroyed.Length == 1 ? $"destroys {destroyed[0]}" : $"destroys {destroyed[0]} and {destroyed.Length - 1} more");
        }

        if (replaced.Length > 0)
        {
            parts.Add(replaced.Length == 1 ? $"replaces {replaced[0]}" : $"replaces {replaced.Length}");
        }

        if (!gateFindings.IsDefaultOrEmpty)
        {
            parts.Add($"changes the gate ({string.Join(", ", gateFindings)})");
        }

        if (parts.Count == 0 && report.Decision.ApprovalRequired)
        {
            parts.Add("has error findings");
        }

        return string.Join("; ", parts);
    }

    public static string WhoCanUnblock(ImmutableArray<string> approvers) => approvers.IsDefaultOrEmpty
        ? "a reviewer with write access who did not author or commit to it"
        : "one of " + string.Join(", ", approvers.Select(a => "@" + a));

    public static string Pending(RecordedAnalysis state, ApprovalOutcome outcome)
    {
        var missing = state.RequiredApprovals - outcome.Counted.Length;
        var what = state.What.Length > 0 ? $"PR {state.What}. " : string.Empty;
        return Fit($"{what}Needs {missing} approval{(missing == 1 ? string.Empty : "s")} of {ApprovalPolicy.Short(state.HeadSha)} from {WhoCanUnblock(state.Approvers)}");
    }

    public static string Approved(ApprovalOutcome outcome) =>
        Fit($"Approved by {string.Join(", ", outcome.Counted.Select(c => c.Login))} ({outcome.Counted.Length} of {outcome.Required})");

    public static string ChangesRequested(ApprovalOutcome outcome) =>
        Fit($"Changes requested by {string.Join(", ", outcome.ChangeRequesters.Select(c => c.Login))}; approval blocked until dismissed or re-reviewed");

    public static string NoApprovalNeeded(RecordedAnalysis state) =>
        Fit(state.What.Length > 0 ? $"Within policy: PR {state.What}" : "No approval needed: nothing destroyed or replaced");

    /// <summary>Cuts to GitHub's limit on a word boundary, with an ellipsis.</summary>
    public static string Fit(string text, int max = MaxStatusDescription)
    {
        var oneLine = string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries));
        if (oneLine.Length <= max)
        {
            return oneLine;
        }

        var cut = oneLine.LastIndexOf(' ', max - 1);
        return (cut > max / 2 ? oneLine[..cut] : oneLine[..(max - 1)]) + "…";
    }

    /// <summary>
    /// The approval section of the comment. It is rendered here rather than by <see cref="MarkdownReport"/>
    /// because review runs rewrite it alone, without the plan; it follows the same look.
    /// </summary>
    public static string ApprovalSection(RecordedAnalysis state, ApprovalSummary? summary, string? note)
    {
        var md = new StringBuilder();
        md.Append("#### Approval\n\n");
        if (state.Error is { } error)
        {
            md.Append("⛔ The gate is closed: ").Append(MarkdownText.Prose(error)).Append("\n\n");
        }
        else if (!state.ApprovalRequired)
        {
            md.Append("✅ No approval needed for ").Append(MarkdownText.Code(ApprovalPolicy.Short(state.HeadSha), inTable: false)).Append(".\n\n");
        }
        else if (summary is not null)
        {
            md.Append(summary.Approved
                ? $"✅ Approved ({summary.Counted.Length} of {summary.Required} required) for {MarkdownText.Code(ApprovalPolicy.Short(state.HeadSha), inTable: false)}.\n\n"
                : $"⏳ Waiting for {summary.Required - Math.Min(summary.Required, summary.Counted.Length)} more approval(s) of {MarkdownText.Code(ApprovalPolicy.Short(state.HeadSha), inTable: false)} by {MarkdownText.Prose(WhoCanUnblock(state.Approvers))} ({summary.Counted.Length} of {summary.Required}).\n\n");
            foreach (var line in summary.Counted)
            {
                md.Append("- ✅ ").Append(MarkdownText.Code(line.Login, inTable: false)).Append(": ").Append(MarkdownText.Prose(line.Reason)).Append('\n');
            }

            foreach (var line in summary.NotCounted)
            {
                md.Append("- ❌ ").Append(MarkdownText.Code(line.Login, inTable: false)).Append(" did not count: ").Append(MarkdownText.Prose(line.Reason)).Append('\n');
            }

            foreach (var line in summary.Invalidated)
            {
                md.Append("- ↩️ ").Append(MarkdownText.Prose(line)).Append('\n');
            }
        }

        if (!state.AiSignals.IsDefaultOrEmpty)
        {
            md.Append("\n🤖 Authored by an AI agent: ").Append(string.Join("; ", state.AiSignals.Select(MarkdownText.Prose))).Append('\n');
        }

        if (note is not null)
        {
            md.Append('\n').Append(MarkdownText.Prose(note)).Append('\n');
        }

        return md.ToString();
    }
}
