using System.Collections.Immutable;
using PlanReview.Core.Analysis;
using PlanReview.Core.Configuration;
using PlanReview.Core.Model;
using PlanReview.Reporting.Json;
using PlanReview.Reporting.Model;

namespace PlanReview.Reporting.Merge;

/// <summary>One report to merge, with the path it was read from (it names the stack when plan paths collide).</summary>
public sealed record ReportFile(string Path, Report Report);

/// <summary>
/// Merges the reports of a matrix of plan jobs (one per stack) into one report with one decision. Pure:
/// reports in, report out; reading the files is the caller's business (<c>planreview merge</c>, the Action).
/// </summary>
public static class ReportMerger
{
    /// <summary>Appended to the count reasons of a merged decision.</summary>
    public const string AcrossTheStacks = " across the stacks";

    /// <summary>
    /// Merges reports. Plans, changes, findings and blast radius are kept per plan; a plan path that two
    /// reports share (each job analysed its own <c>plan.json</c>) is renamed <c>REPORT:PATH</c> so that
    /// the stacks stay apart. Without a policy the decision requires approval when any input did, with
    /// the counts summed and each reason prefixed with its report; with a policy the summed counts are
    /// checked against its thresholds again (findings keep the severity their own job gave them). The
    /// merged report's commit is the inputs' commit when they all name the same one, else none.
    /// </summary>
    public static Report Merge(IReadOnlyList<ReportFile> inputs, IEnumerable<DiagnosticDescriptor> catalog, Policy? policy)
    {
        if (inputs.Count == 0)
        {
            throw new ReportReadException("(no input)", "no report given");
        }

        var shared = inputs.SelectMany(i => i.Report.Plans.Select(p => p.Path).Distinct(StringComparer.Ordinal))
            .GroupBy(p => p, StringComparer.Ordinal)
            .Where(g => g.Count() > 1)
            .Select(g => g.Key)
            .ToHashSet(StringComparer.Ordinal);
        var renamed = inputs.Select(i => Rename(i.Report, i.Path, shared)).ToArray();

        var summary = renamed.Aggregate(ChangeSummary.Empty, (sum, r) => sum + r.Summary);
        var changes = renamed.SelectMany(r => r.Changes)
            .OrderBy(c => c.Plan, StringComparer.Ordinal)
            .ThenBy(c => c.Address, StringComparer.Ordinal)
            .ThenBy(c => c.Deposed ?? string.Empty, StringComparer.Ordinal)
            .ToImmutableArray();
        var radius = new ReportBlastRadius(
            renamed.SelectMany(r => r.BlastRadius.Destroyed).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToImmutableArray(),
            renamed.SelectMany(r => r.BlastRadius.Replaced).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToImmutableArray(),
            renamed.SelectMany(r => r.BlastRadius.Affected)
                .OrderBy(a => a.Address, StringComparer.Ordinal).ThenBy(a => a.Plan, StringComparer.Ordinal)
                .ToImmutableArray())
        {
            Links = renamed.SelectMany(r => r.BlastRadius.Links).Distinct()
                .OrderBy(l => l.Plan, StringComparer.Ordinal)
                .ThenBy(l => l.Dependency, StringComparer.Ordinal)
                .ThenBy(l => l.Dependent, StringComparer.Ordinal)
                .ToImmutableArray(),
        };

        // The engine's order: severity, id, address, plan, message.
        var diagnostics = DiagnosticOrder.Sort(renamed.SelectMany(r => r.Diagnostics));
        var rules = catalog.Concat(renamed.SelectMany(r => r.Rules))
            .DistinctBy(d => d.Id)
            .OrderBy(d => d.Id, StringComparer.Ordinal)
            .ToImmutableArray();

        var destroyed = renamed.Sum(r => r.Decision.DestroyCount);
        var replaced = renamed.Sum(r => r.Decision.ReplaceCount);
        var decision = policy is null
            ? new Decision(
                renamed.Any(r => r.Decision.ApprovalRequired),
                renamed.Max(r => r.Decision.RequiredApprovals),
                inputs.Zip(renamed).SelectMany(x => x.Second.Decision.Reasons.Select(reason => $"{Label(x.Second, x.First.Path)}: {reason}")).ToImmutableArray(),
                destroyed,
                replaced)
            : Decision.Make(destroyed, replaced, diagnostics, policy, AcrossTheStacks);

        var commits = inputs.Select(i => i.Report.Commit).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        return new Report(renamed.SelectMany(r => r.Plans).ToImmutableArray(), summary, changes, radius, diagnostics, rules, decision)
        {
            Commit = commits.Length == 1 ? commits[0] : null,
        };
    }

    /// <summary>The name of a plan whose path another report shares: <c>REPORT:PATH</c>.</summary>
    public static string PlanName(string reportPath, string planPath) => $"{reportPath}:{planPath}";

    /// <summary>
    /// Undoes <see cref="PlanName"/> as well as a name allows: the last colon that is not a Windows drive's
    /// (<c>C:\</c> at the start of either path) separates the report from the plan. A plan path that holds a
    /// colon of its own reads as renamed; only its stack name (<see cref="StackNames"/>) is then less apt.
    /// </summary>
    public static (string? Report, string Plan) SplitPlanName(string name)
    {
        for (var i = name.Length - 2; i > 0; i--)
        {
            var drive = char.IsAsciiLetter(name[i - 1]) && (i == 1 || name[i - 2] == ':') && name[i + 1] is '/' or '\\';
            if (name[i] == ':' && !drive)
            {
                return (name[..i], name[(i + 1)..]);
            }
        }

        return (null, name);
    }

    /// <summary>How a reason names its stack: the plan paths of its report, else the report file.</summary>
    private static string Label(Report report, string reportPath) =>
        report.Plans.IsEmpty ? reportPath : string.Join(", ", report.Plans.Select(p => p.Path));

    private static Report Rename(Report report, string reportPath, HashSet<string> shared)
    {
        string Map(string? plan) => plan is not null && shared.Contains(plan) ? PlanName(reportPath, plan) : plan ?? string.Empty;
        if (!report.Plans.Any(p => shared.Contains(p.Path)))
        {
            return report;
        }

        return report with
        {
            Plans = report.Plans.Select(p => p with { Path = Map(p.Path) }).ToImmutableArray(),
            Changes = report.Changes.Select(c => c with { Plan = Map(c.Plan) }).ToImmutableArray(),
            Diagnostics = report.Diagnostics.Select(d => d.PlanSource is not null && shared.Contains(d.PlanSource) ? d with { PlanSource = Map(d.PlanSource) } : d).ToImmutableArray(),
            BlastRadius = report.BlastRadius with
            {
                Affected = report.BlastRadius.Affected.Select(a => a with { Plan = Map(a.Plan) }).ToImmutableArray(),
                Links = report.BlastRadius.Links.Select(l => l with { Plan = Map(l.Plan) }).ToImmutableArray(),
            },
        };
    }
}
