using System.Collections.Immutable;
using PlanReview.Core.Analysis;

namespace PlanReview.Rules;

/// <summary>The built-in rule set: every sealed <see cref="PlanAnalyzer"/> of this assembly, in id order.</summary>
public static class BuiltInRules
{
    public static ImmutableArray<PlanAnalyzer> All { get; } = typeof(BuiltInRules).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(PlanAnalyzer).IsAssignableFrom(t))
        .Select(t => (PlanAnalyzer)Activator.CreateInstance(t)!)
        .OrderBy(a => a.SupportedDiagnostics[0].Id, StringComparer.Ordinal)
        .ToImmutableArray();

    public static PlanAnalysisEngine CreateEngine() => new(All);
}
