using System.Collections.Immutable;
using PlanReview.Core.Analysis;
using PlanReview.Core.Categories;
using PlanReview.Core.Model;

namespace PlanReview.Reporting.Model;

/// <summary>Turns an analysis result into the sorted report model.</summary>
public static class ReportBuilder
{
    public static Report Build(AnalysisResult result, IEnumerable<DiagnosticDescriptor> rules)
    {
        var plans = result.Plans
            .Select(p => new ReportPlan(p.Plan.Source, FormatName(p.Plan.Format), p.Plan.ToolVersion) { ModuleSources = p.Plan.ModuleSources })
            .ToImmutableArray();
        var changes = ImmutableArray.CreateBuilder<ReportChange>();
        var affected = ImmutableArray.CreateBuilder<ReportAffected>();
        var links = new HashSet<ReportLink>();
        foreach (var analyzed in result.Plans)
        {
            var plan = analyzed.Plan;
            var radius = analyzed.BlastRadius;
            changes.AddRange(plan.Changes
                .Where(c => c.Action != ChangeAction.NoOp || IsMoved(c) || c.Importing)
                .Select(c => new ReportChange
                {
                    Address = c.Address,
                    PreviousAddress = IsMoved(c) ? c.PreviousAddress : null,
                    Type = c.Type,
                    Provider = c.Provider,
                    Action = c.Action,
                    ReplaceOrder = c.ReplaceOrder,
                    Fate = c.Fate,
                    Reason = c.Reason,
                    Category = analyzed.CategoryOf(c).ToWireName(),
                    Importing = c.Importing,
                    MayReplace = c.MayReplace,
                    Deposed = c.Deposed,
                    Plan = plan.Source,
                    RawAction = c.RawAction,
                    Dependents = c.IsManaged && c.Action.IsDestructive()
                        ? radius.DependentsOf(c.Address).Select(a => a.Address).ToImmutableArray()
                        : [],
                })
                .OrderBy(c => c.Address, StringComparer.Ordinal)
                .ThenBy(c => c.Deposed ?? string.Empty, StringComparer.Ordinal));
            affected.AddRange(radius.Affected.Select(a => new ReportAffected(a.Address, a.Root, a.Via, a.Source, a.Depth, plan.Source)));
            foreach (var root in radius.Destroyed.Concat(radius.Replaced))
            {
                links.UnionWith(radius.DependentsOf(root).Select(a => new ReportLink(a.Via, a.Address, plan.Source)));
            }
        }

        var blastRadius = new ReportBlastRadius(
            result.Plans.SelectMany(p => p.BlastRadius.Destroyed).Distinct().Order(StringComparer.Ordinal).ToImmutableArray(),
            result.Plans.SelectMany(p => p.BlastRadius.Replaced).Distinct().Order(StringComparer.Ordinal).ToImmutableArray(),
            affected.OrderBy(a => a.Address, StringComparer.Ordinal).ThenBy(a => a.Plan, StringComparer.Ordinal).ToImmutableArray())
        {
            Links = links
                .OrderBy(l => l.Plan, StringComparer.Ordinal)
                .ThenBy(l => l.Dependency, StringComparer.Ordinal)
                .ThenBy(l => l.Dependent, StringComparer.Ordinal)
                .ToImmutableArray(),
        };

        return new Report(
            plans,
            result.Summary,
            changes.ToImmutable(),
            blastRadius,
            result.Diagnostics,
            rules.OrderBy(r => r.Id, StringComparer.Ordinal).ToImmutableArray(),
            result.Decision);
    }

    public static string FormatName(PlanFormat format) => format switch
    {
        PlanFormat.Terraform => "terraform",
        PlanFormat.CloudFormation => "cloudformation",
        PlanFormat.Pulumi => "pulumi",
        _ => "unknown",
    };

    private static bool IsMoved(ResourceChange c) =>
        c.PreviousAddress is not null && !string.Equals(c.PreviousAddress, c.Address, StringComparison.Ordinal);
}
