using System.Collections.Immutable;

namespace PlanReview.Core.Analysis;

/// <summary>Diagnostics the engine itself reports (about analyzers and the policy file), like Roslyn's AD0001.</summary>
public static class EngineDiagnostics
{
    public static readonly DiagnosticDescriptor AnalyzerFailed = new(
        RuleIds.AnalyzerFailed,
        "Analyzer failed",
        "Rule {0} failed on {1}: {2}; the plan was not fully analysed",
        "Integrity",
        Severity.Error,
        true,
        "A rule threw while analysing the plan. The gate fails closed: a human must look at the plan.");

    public static readonly DiagnosticDescriptor UnjustifiedSuppression = new(
        RuleIds.UnjustifiedSuppression,
        "Suppression without justification",
        "The suppression of {0} in {1} has no justification and was ignored",
        "Configuration",
        Severity.Warning,
        true,
        "Every suppression must say why the finding is acceptable; one that does not is ignored.");

    public static readonly DiagnosticDescriptor UnusedSuppression = new(
        RuleIds.UnusedSuppression,
        "Unused suppression",
        "The suppression of {0} in {1} matched no finding; remove it",
        "Configuration",
        Severity.Warning,
        true,
        "A suppression that matches nothing is stale and could silently hide a future finding.");

    public static ImmutableArray<DiagnosticDescriptor> All { get; } = [AnalyzerFailed, UnjustifiedSuppression, UnusedSuppression];
}
