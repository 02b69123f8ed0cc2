using System.Globalization;
using System.Text;
using PlanReview.Core.Analysis;
using PlanReview.Core.Model;
using PlanReview.Reporting.Merge;
using PlanReview.Reporting.Model;

namespace PlanReview.Reporting.Text;

/// <summary>
/// The terminal summary of <c>planreview analyze</c>: aligned columns, coloured only when asked
/// (a terminal without NO_COLOR). Plan text is stripped of control characters so a hostile address
/// cannot send escape sequences to the user's terminal. A report of several plans (a merged matrix of
/// stacks) adds a stack column after the first one, as the Markdown comment adds a <c>Stack</c> column
/// (<see cref="StackNames"/>); a report of one plan prints as it always has.
/// </summary>
public static class TextReport
{
    public static void Write(Report report, TextWriter output, bool color)
    {
        string Paint(string text, string code) => color ? $"\u001b[{code}m{text}\u001b[0m" : text;

        var decision = report.Decision;
        var what = new List<string>();
        if (decision.DestroyCount > 0)
        {
            what.Add($"{decision.DestroyCount} to destroy");
        }

        if (decision.ReplaceCount > 0)
        {
            what.Add($"{decision.ReplaceCount} to replace");
        }

        var headline = decision.ApprovalRequired
            ? Paint("approval required", "1;31") + (what.Count > 0 ? " — " + string.Join(", ", what) : string.Empty)
            : Paint(what.Count > 0 ? "within policy" : "no destructive change", "1;32") + (what.Count > 0 ? " — " + string.Join(", ", what) : string.Empty);
        output.WriteLine($"planreview: {headline}");

        foreach (var plan in report.Plans)
        {
            output.WriteLine($"  {Safe(plan.Path)} ({plan.Format}{(plan.ToolVersion is null ? string.Empty : " " + Safe(plan.ToolVersion))})");
        }

        output.WriteLine("  " + Counts(report.Summary));

        var stacks = StackNames.For(report);
        var destructive = stacks.InOrder(report.Destructive);
        if (destructive.Count > 0)
        {
            output.WriteLine();
            var rows = destructive.Select(c => WithStack(
                stacks,
                c.Plan,
                [c.Action == ChangeAction.Delete ? "destroy" : "replace", Safe(c.Address), Safe(c.Type), c.Category, Detail(c)])).ToList();
            WriteTable(output, rows, row => row[0] == "destroy" ? "31" : "33", Paint);
        }

        var active = report.ActiveDiagnostics.ToList();
        if (active.Count > 0)
        {
            output.WriteLine();
            var rows = active.Select(d => WithStack(stacks, d.PlanSource, [d.Severity.ToWireName(), d.Id, Safe(d.Message)])).ToList();
            WriteTable(output, rows, row => row[0] switch { "error" => "31", "warning" => "33", _ => "36" }, Paint);
        }

        var suppressed = report.Diagnostics.Count(d => d.IsSuppressed);
        if (suppressed > 0)
        {
            output.WriteLine($"  ({suppressed} suppressed finding{(suppressed == 1 ? string.Empty : "s")})");
        }

        if (decision.ApprovalRequired)
        {
            output.WriteLine();
            output.WriteLine($"Why a human must approve ({decision.RequiredApprovals} approval{(decision.RequiredApprovals == 1 ? string.Empty : "s")}):");
            foreach (var reason in decision.Reasons)
            {
                output.WriteLine($"  - {Safe(reason)}");
            }
        }
    }

    /// <summary>Removes control and invisible formatting characters (escape sequences, bidi overrides).</summary>
    public static string Safe(string text)
    {
        StringBuilder? builder = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (!char.IsControl(c) && char.GetUnicodeCategory(c) != UnicodeCategory.Format)
            {
                builder?.Append(c);
                continue;
            }

            builder ??= new StringBuilder(text, 0, i, text.Length + 8);
            builder.Append(c == '\n' ? "\\n" : $"\\u{(int)c:x4}");
        }

        return builder?.ToString() ?? text;
    }

    /// <summary>
    /// The row with its stack's name as second column when stacks are shown (the first keeps its colour and
    /// the verdict word at the margin); <c>—</c> for a finding about no plan. Stack names come from paths
    /// the branch controls, so they are made safe like any plan text.
    /// </summary>
    private static string[] WithStack(StackNames stacks, string? plan, string[] row) =>
        stacks.AreShown ? [row[0], Safe(stacks.Of(plan) ?? "—"), .. row[1..]] : row;

    private static string Detail(ReportChange c)
    {
        var parts = new List<string>();
        if (c.Action == ChangeAction.Replace && c.ReplaceOrder == ReplaceOrder.DeleteFirst)
        {
            parts.Add("destroy first");
        }

        if (c.Fate is ObjectFate.Retained or ObjectFate.Snapshotted or ObjectFate.Forgotten)
        {
            parts.Add(c.Fate.ToWireName());
        }

        if (!c.Dependents.IsEmpty)
        {
            parts.Add($"{c.Dependents.Length} dependent{(c.Dependents.Length == 1 ? string.Empty : "s")}");
        }

        if (c.Reason is not null)
        {
            parts.Add(Safe(c.Reason));
        }

        return string.Join(", ", parts);
    }

    private static string Counts(ChangeSummary s)
    {
        var parts = SummaryParts.Of(s);
        return parts.IsEmpty ? "no changes" : string.Join(", ", parts.Select(p => $"{p.Count} {p.Label}"));
    }

    private static void WriteTable(TextWriter output, List<string[]> rows, Func<string[], string> colorOf, Func<string, string, string> paint)
    {
        var columns = rows[0].Length;
        var widths = Enumerable.Range(0, columns - 1).Select(i => Math.Min(60, rows.Max(r => r[i].Length))).ToArray();
        foreach (var row in rows)
        {
            var line = new StringBuilder("  ");
            line.Append(paint(row[0].PadRight(widths[0]), colorOf(row)));
            for (var i = 1; i < columns; i++)
            {
                line.Append("  ").Append(i < columns - 1 ? row[i].PadRight(widths[i]) : row[i]);
            }

            output.WriteLine(line.ToString().TrimEnd());
        }
    }
}
