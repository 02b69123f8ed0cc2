using System.Globalization;
using System.Text;
using PlanReview.Core.Analysis;
using PlanReview.Core.Model;
using PlanReview.Reporting.Merge;
using PlanReview.Reporting.Model;

namespace PlanReview.Reporting.Markdown;

/// <summary>
/// The PR comment: verdict first, then what is destroyed or replaced, the findings, the other
/// changes collapsed, the approval section and a footer. Every string from a plan goes through
/// <see cref="MarkdownText"/>. When the result is too long it degrades step by step (other changes
/// collapsed to counts, then long tables cut with "N more", then counts only) and says so; it never
/// cuts through a table, a code span or a details block because it only ever drops whole blocks and rows.
/// A report of several plans (a merged matrix of stacks) says the stack of every row, finding and graph
/// node (<see cref="StackNames"/>); a report of one plan renders as it always has.
/// </summary>
public static class MarkdownReport
{
    private static readonly int[] RowBudgets = [int.MaxValue, 400, 200, 100, 50, 20, 10];

    /// <summary>Renders an analysis result directly (the report model is built on the way).</summary>
    public static string Render(AnalysisResult result, MarkdownOptions options) =>
        Render(ReportBuilder.Build(result, result.Diagnostics.Select(d => d.Descriptor).DistinctBy(d => d.Id)), options);

    public static string Render(Report report, MarkdownOptions options)
    {
        foreach (var detail in new[] { Detail.Full, Detail.NoOtherRows })
        {
            foreach (var rows in RowBudgets)
            {
                var text = Render(report, options, detail, rows);
                if (text.Length <= options.MaxLength)
                {
                    return text;
                }

                if (detail == Detail.Full)
                {
                    break;
                }
            }
        }

        return Render(report, options, Detail.CountsOnly, 0);
    }

    private enum Detail
    {
        Full,
        NoOtherRows,
        CountsOnly,
    }

    private static string Render(Report report, MarkdownOptions options, Detail detail, int rowBudget)
    {
        var md = new StringBuilder();
        var stacks = StackNames.For(report);
        var destructive = stacks.InOrder(report.Destructive);
        var active = report.ActiveDiagnostics.ToList();
        var omitted = false;

        md.Append(Headline(report)).Append("\n\n");
        md.Append(Counts(report.Summary)).Append("\n\n");

        if (report.Decision.ApprovalRequired)
        {
            md.Append("**Why a human must approve:**\n\n");
            foreach (var reason in report.Decision.Reasons)
            {
                md.Append("- ").Append(Reason(reason, report, stacks)).Append('\n');
            }

            md.Append('\n');
        }

        var quiet = options.QuietWhenSafe && destructive.Count == 0 && !report.Decision.ApprovalRequired && active.All(d => d.Severity < Severity.Warning);
        if (detail == Detail.CountsOnly)
        {
            omitted = destructive.Count > 0 || active.Count > 0 || report.Changes.Length > 0;
        }
        else if (!quiet)
        {
            omitted |= DestructiveTable(md, destructive, stacks, rowBudget);
            omitted |= Graph(md, report, options, rowBudget);
            omitted |= Findings(md, active, stacks, rowBudget);
            omitted |= OtherChanges(md, stacks.InOrder(report.Changes.Where(c => !c.IsDestructive)), stacks, detail == Detail.Full ? rowBudget : 0);
            Suppressed(md, report.Diagnostics.Where(d => d.IsSuppressed).ToList(), stacks, rowBudget);
        }

        if (options.Approval is { } approval)
        {
            ApprovalSection(md, approval, rowBudget);
        }

        if (omitted)
        {
            md.Append("> [!NOTE]\n> This comment is shortened to fit GitHub's size limit: ");
            md.Append(detail == Detail.CountsOnly ? "only the counts are shown. " : "some rows are left out. ");
            md.Append(options.FullReportUrl is { } url
                ? $"The full report is in the [job summary and artifacts]({url}).\n\n"
                : "The full report is in the job summary and the workflow's artifacts.\n\n");
        }

        Footer(md, report, stacks, options);
        return md.ToString();
    }

    /// <summary>
    /// A reason as prose, except the stack a merged decision starts it with (<c>PATH, PATH: reason</c>, the
    /// plan paths of one input report, see <see cref="ReportMerger"/>): paths are plan text, so they become a
    /// code span, named by stack when the report has several.
    /// </summary>
    private static string Reason(string reason, Report report, StackNames stacks)
    {
        for (var end = reason.IndexOf(": ", StringComparison.Ordinal); end > 0; end = reason.IndexOf(": ", end + 1, StringComparison.Ordinal))
        {
            var run = reason[..end].Split(", ");
            if (run.All(path => report.Plans.Any(p => p.Path == path)))
            {
                var names = string.Join(", ", run.Select(p => stacks.Of(p) ?? p));
                return MarkdownText.Code(names, inTable: false) + ": " + MarkdownText.Prose(reason[(end + 2)..]);
            }
        }

        return MarkdownText.Prose(reason);
    }

    private static string Headline(Report report)
    {
        var destroyed = report.Decision.DestroyCount;
        var replaced = report.Decision.ReplaceCount;
        var what = new List<string>();
        if (destroyed > 0)
        {
            what.Add($"{destroyed} to destroy");
        }

        if (replaced > 0)
        {
            what.Add($"{replaced} to replace");
        }

        if (report.Decision.ApprovalRequired)
        {
            var tail = what.Count > 0 ? " — " + string.Join(", ", what) : string.Empty;
            return $"### 🛑 PlanReview: approval required{tail}";
        }

        return what.Count > 0
            ? $"### ✅ PlanReview: within policy — {string.Join(", ", what)}"
            : "### ✅ PlanReview: no destructive change";
    }

    private static string Counts(ChangeSummary s)
    {
        var parts = SummaryParts.Of(s);
        return parts.IsEmpty ? "The plans change nothing." : string.Join(" · ", parts.Select(p => $"**{p.Count}** {p.Label}"));
    }

    private static bool DestructiveTable(StringBuilder md, List<ReportChange> destructive, StackNames stacks, int rowBudget)
    {
        if (destructive.Count == 0)
        {
            return false;
        }

        md.Append("#### Destroyed and replaced\n\n");
        md.Append(StackHeader(stacks)).Append("| Action | Resource | Type | Category | Reason | Dependents |\n");
        md.Append(StackHeader(stacks, "| --- ")).Append("| --- | --- | --- | --- | --- | --- |\n");
        foreach (var c in destructive.Take(rowBudget))
        {
            md.Append(StackCell(stacks, c.Plan)).Append("| ").Append(ActionLabel(c))
              .Append(" | ").Append(MarkdownText.Code(c.Address))
              .Append(" | ").Append(MarkdownText.Code(c.Type))
              .Append(" | ").Append(c.Category)
              .Append(" | ").Append(c.Reason is null ? "—" : MarkdownText.Code(c.Reason))
              .Append(" | ").Append(Dependents(c))
              .Append(" |\n");
        }

        var left = destructive.Count - Math.Min(rowBudget, destructive.Count);
        if (left > 0)
        {
            md.Append(StackHeader(stacks, "| ")).Append("| … | ").Append(left.ToString(CultureInfo.InvariantCulture)).Append(" more | | | | |\n");
        }

        md.Append('\n');
        return left > 0;
    }

    /// <summary>
    /// The blast-radius graph, drawn only when some destroyed or replaced resource has dependents (the
    /// table already lists resources that stand alone). It shrinks with the row budget like the tables.
    /// </summary>
    private static bool Graph(StringBuilder md, Report report, MarkdownOptions options, int rowBudget)
    {
        var graph = BlastRadiusGraph.Build(report, Math.Min(options.MaxGraphNodes, rowBudget));
        if (!graph.HasEdges)
        {
            return false;
        }

        md.Append("#### Blast radius\n\n");
        if (options.MermaidGraph)
        {
            md.Append(graph.ToMermaid()).Append('\n');
            md.Append("<details><summary>Blast radius as a list</summary>\n\n").Append(graph.ToTextTree()).Append("\n</details>\n\n");
        }
        else
        {
            md.Append(graph.ToTextTree()).Append('\n');
        }

        return graph.Omitted > 0 && rowBudget < options.MaxGraphNodes;
    }

    /// <summary>
    /// The first column of a table when the report has several stacks: the stack first, so that the rows
    /// (in stack order, <see cref="StackNames.InOrder"/>) read as one block per stack. Empty for a one-plan report.
    /// </summary>
    private static string StackHeader(StackNames stacks, string cell = "| Stack ") => stacks.AreShown ? cell : string.Empty;

    private static string StackCell(StackNames stacks, string plan) =>
        stacks.Of(plan) is { } stack ? "| " + MarkdownText.Code(stack) + " " : StackHeader(stacks, "| — ");

    /// <summary>After a finding's rule link: the stack it comes from, when the report has several and it comes from one of them.</summary>
    private static string StackOf(StackNames stacks, Diagnostic d) =>
        stacks.Of(d.PlanSource) is { } stack ? " in " + MarkdownText.Code(stack, inTable: false) + ":" : string.Empty;

    private static string ActionLabel(ReportChange c) => c.Action switch
    {
        ChangeAction.Delete => c.Fate == ObjectFate.Retained ? "🗑️ delete (retained)" : "🗑️ **destroy**",
        ChangeAction.Replace => c.ReplaceOrder switch
        {
            ReplaceOrder.DeleteFirst => "🔁 **replace** (destroy first)",
            ReplaceOrder.CreateFirst => "🔁 **replace** (create first)",
            _ => "🔁 **replace**",
        },
        _ => c.Action.ToWireName(),
    };

    private static string Dependents(ReportChange c)
    {
        if (c.Dependents.IsEmpty)
        {
            return "0";
        }

        var shown = string.Join(", ", c.Dependents.Take(3).Select(d => MarkdownText.Code(d)));
        var more = c.Dependents.Length > 3 ? $", +{c.Dependents.Length - 3} more" : string.Empty;
        return $"{c.Dependents.Length}: {shown}{more}";
    }

    private static bool Findings(StringBuilder md, List<Diagnostic> active, StackNames stacks, int rowBudget)
    {
        if (active.Count == 0)
        {
            return false;
        }

        md.Append("#### Findings\n\n");
        var omitted = false;
        foreach (var group in active.GroupBy(d => d.Severity).OrderByDescending(g => g.Key))
        {
            var items = group.ToList();
            var (icon, noun) = group.Key switch
            {
                Severity.Error => ("🛑", "error"),
                Severity.Warning => ("⚠️", "warning"),
                _ => ("ℹ️", "note"),
            };
            md.Append("**").Append(icon).Append(' ').Append(items.Count.ToString(CultureInfo.InvariantCulture)).Append(' ')
              .Append(items.Count == 1 ? noun : noun + "s").Append("**\n\n");
            foreach (var d in items.Take(rowBudget))
            {
                md.Append("- [").Append(d.Id).Append("](").Append(d.Descriptor.HelpLinkUri).Append(')').Append(StackOf(stacks, d)).Append(' ')
                  .Append(Message(d)).Append('\n');
            }

            if (items.Count > rowBudget)
            {
                md.Append("- … ").Append((items.Count - rowBudget).ToString(CultureInfo.InvariantCulture)).Append(" more\n");
                omitted = true;
            }

            md.Append('\n');
        }

        return omitted;
    }

    /// <summary>Renders a diagnostic's message with its plan-derived arguments as code spans.</summary>
    internal static string Message(Diagnostic d, bool inTable = false) =>
        d.MessageArgs.IsDefaultOrEmpty && d.Message != d.Descriptor.MessageFormat
            ? MarkdownText.Code(d.Message, inTable)
            : MarkdownText.Format(d.Descriptor.MessageFormat, d.MessageArgs.IsDefault ? [] : d.MessageArgs, inTable);

    private static bool OtherChanges(StringBuilder md, List<ReportChange> others, StackNames stacks, int rowBudget)
    {
        if (others.Count == 0)
        {
            return false;
        }

        var counts = others.GroupBy(c => c.Action == ChangeAction.NoOp ? (c.Importing ? "import" : "move") : c.Action.ToWireName())
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"{g.Count()} {g.Key}");
        md.Append("<details><summary>Other changes: ").Append(string.Join(", ", counts)).Append("</summary>\n\n");
        var omitted = false;
        if (rowBudget > 0)
        {
            md.Append(StackHeader(stacks)).Append("| Action | Resource | Type |\n").Append(StackHeader(stacks, "| --- ")).Append("| --- | --- | --- |\n");
            foreach (var c in others.Take(rowBudget))
            {
                var action = c.Action.ToWireName();
                if (c.PreviousAddress is not null)
                {
                    action += " (moved from " + MarkdownText.Code(c.PreviousAddress) + ")";
                }

                if (c.Importing)
                {
                    action += " (import)";
                }

                md.Append(StackCell(stacks, c.Plan)).Append("| ").Append(action).Append(" | ").Append(MarkdownText.Code(c.Address)).Append(" | ").Append(MarkdownText.Code(c.Type)).Append(" |\n");
            }

            if (others.Count > rowBudget)
            {
                md.Append(StackHeader(stacks, "| ")).Append("| … | ").Append((others.Count - rowBudget).ToString(CultureInfo.InvariantCulture)).Append(" more | |\n");
                omitted = true;
            }

            md.Append('\n');
        }
        else
        {
            md.Append("Rows left out to fit the comment; see the full report.\n\n");
            omitted = true;
        }

        md.Append("</details>\n\n");
        return omitted;
    }

    private static void Suppressed(StringBuilder md, List<Diagnostic> suppressed, StackNames stacks, int rowBudget)
    {
        if (suppressed.Count == 0)
        {
            return;
        }

        md.Append("<details><summary>").Append(suppressed.Count.ToString(CultureInfo.InvariantCulture)).Append(" suppressed finding(s)</summary>\n\n");
        foreach (var d in suppressed.Take(rowBudget))
        {
            md.Append("- [").Append(d.Id).Append("](").Append(d.Descriptor.HelpLinkUri).Append(')').Append(StackOf(stacks, d)).Append(' ').Append(Message(d))
              .Append(" — justification: ").Append(MarkdownText.Code(d.Suppression!.Justification, inTable: false)).Append('\n');
        }

        md.Append("\n</details>\n\n");
    }

    private static void ApprovalSection(StringBuilder md, ApprovalSummary approval, int rowBudget)
    {
        md.Append("#### Approval\n\n");
        md.Append(approval.Approved
            ? $"✅ Approved ({approval.Counted.Length} of {approval.Required} required).\n\n"
            : $"⏳ Waiting for {approval.Required - Math.Min(approval.Required, approval.Counted.Length)} more approval(s) of the head commit by an eligible reviewer ({approval.Counted.Length} of {approval.Required}).\n\n");
        foreach (var line in approval.Counted.Take(rowBudget))
        {
            md.Append("- ✅ ").Append(MarkdownText.Code(line.Login, inTable: false)).Append(": ").Append(MarkdownText.Prose(line.Reason)).Append('\n');
        }

        foreach (var line in approval.NotCounted.Take(rowBudget))
        {
            md.Append("- ❌ ").Append(MarkdownText.Code(line.Login, inTable: false)).Append(" did not count: ").Append(MarkdownText.Prose(line.Reason)).Append('\n');
        }

        foreach (var line in approval.Invalidated.Take(rowBudget))
        {
            md.Append("- ↩️ ").Append(MarkdownText.Prose(line)).Append('\n');
        }

        if (!approval.AiSignals.IsDefaultOrEmpty)
        {
            md.Append("\n🤖 Authored by an AI agent: ").Append(string.Join("; ", approval.AiSignals.Select(MarkdownText.Prose))).Append('\n');
        }

        md.Append('\n');
    }

    private static void Footer(StringBuilder md, Report report, StackNames stacks, MarkdownOptions options)
    {
        // Every job of a matrix writes a plan.json: with several plans, the stack names tell them apart.
        var plans = string.Join(", ", report.Plans.Select(p => $"{p.Format} {MarkdownText.Code(stacks.Of(p.Path) ?? Path.GetFileName(p.Path), inTable: false)}"));
        md.Append("<sub>").Append(ToolInfo.Name).Append(' ').Append(MarkdownText.Prose(options.ToolVersion))
          .Append(" · ").Append(plans)
          .Append(" · thresholds and suppressions in `.github/planreview.yml` · [rules](").Append(ToolInfo.RepositoryUri).Append("/tree/main/docs/rules)</sub>\n");
    }
}
