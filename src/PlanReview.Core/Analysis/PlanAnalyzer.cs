using System.Collections.Immutable;

namespace PlanReview.Core.Analysis;

/// <summary>
/// A rule, after Roslyn's DiagnosticAnalyzer: it declares what it can report and registers
/// callbacks on an <see cref="AnalysisContext"/>. One sealed analyzer per file, named with its id.
/// </summary>
public abstract class PlanAnalyzer
{
    public abstract ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; }

    public abstract void Initialize(AnalysisContext context);
}
