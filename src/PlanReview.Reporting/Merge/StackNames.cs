using System.Collections.Immutable;
using PlanReview.Reporting.Model;

namespace PlanReview.Reporting.Merge;

/// <summary>
/// Short names that tell the plans (stacks) of one report apart, for the comment: the plan's folder
/// (<c>network</c> for <c>stacks/network/plan.json</c>), or for a plan the merge renamed <c>REPORT:PATH</c>
/// (several reports hold the same PATH, so only REPORT tells them apart) the report's folder (<c>network</c>
/// for <c>reports/network/report.json:plan.json</c>), else its file name (<c>network</c> for <c>network:plan.json</c>).
/// When that name is not unique, parent folders are added (<c>prod/network</c>, <c>staging/network</c>),
/// then the file name, and as a last resort the whole path. A report with one plan has no stack names:
/// its comment stays exactly as it always was.
/// </summary>
public sealed class StackNames
{
    private readonly ImmutableDictionary<string, string> names;

    private StackNames(ImmutableDictionary<string, string> names) => this.names = names;

    /// <summary>True when the report has more than one plan, so every row should say its stack.</summary>
    public bool AreShown => !names.IsEmpty;

    /// <summary>The stack names of a report's plans; none when it has fewer than two.</summary>
    public static StackNames For(Report report) => new(Derive(report.Plans.Select(p => p.Path)));

    /// <summary>The short name of each distinct path, unique among them; empty for fewer than two paths.</summary>
    public static ImmutableDictionary<string, string> Derive(IEnumerable<string> planPaths)
    {
        var paths = planPaths.Distinct(StringComparer.Ordinal).ToList();
        if (paths.Count < 2)
        {
            return ImmutableDictionary<string, string>.Empty.WithComparers(StringComparer.Ordinal);
        }

        var candidates = paths.ToDictionary(p => p, p => Candidates(p).Distinct(StringComparer.Ordinal).ToList(), StringComparer.Ordinal);
        var plansCalled = candidates.Values.SelectMany(c => c).CountBy(c => c, StringComparer.Ordinal).ToDictionary(StringComparer.Ordinal);

        // A name is taken only if no other plan could be called by it too, so that two stacks never
        // share a name whatever order they come in.
        return paths.ToImmutableDictionary(
            p => p,
            p => candidates[p].FirstOrDefault(c => plansCalled[c] == 1) ?? p,
            StringComparer.Ordinal);
    }

    /// <summary>The stack name of a plan (a change's or a finding's), or null when not shown or not a plan of the report.</summary>
    public string? Of(string? planPath) => planPath is not null && names.TryGetValue(planPath, out var name) ? name : null;

    /// <summary>
    /// Changes in stack-name order (stable: within a stack, the report's order), so that a table reads as
    /// one block per stack in the order a reviewer looks them up; unchanged when no stack names are shown.
    /// </summary>
    public List<ReportChange> InOrder(IEnumerable<ReportChange> changes) =>
        AreShown ? changes.OrderBy(c => Of(c.Plan) ?? c.Plan, StringComparer.Ordinal).ToList() : changes.ToList();

    /// <summary>The names a plan could go by, shortest and most readable first.</summary>
    private static List<string> Candidates(string path)
    {
        var result = new List<string>();
        var (report, plan) = ReportMerger.SplitPlanName(path);
        if (report is not null)
        {
            // Renamed because other reports hold the same plan path: only the report's path tells them apart.
            var reportSegments = Segments(report);
            var reportFolders = reportSegments.SkipLast(1).ToList();
            result.AddRange(Suffixes(reportFolders.Count > 0 || reportSegments.Count == 0 ? reportFolders : [Path.GetFileNameWithoutExtension(reportSegments[^1])]));
        }
        else
        {
            var planSegments = Segments(plan);
            result.AddRange(Suffixes(planSegments.SkipLast(1).ToList()));
            result.AddRange(Suffixes(planSegments));
        }

        result.Add(path);
        return result;
    }

    private static IEnumerable<string> Suffixes(List<string> segments) =>
        Enumerable.Range(1, segments.Count).Select(n => string.Join('/', segments.Skip(segments.Count - n)));

    private static List<string> Segments(string path) =>
        path.Split(['/', '\\'], StringSplitOptions.RemoveEmptyEntries).Where(s => s != ".").ToList();
}
