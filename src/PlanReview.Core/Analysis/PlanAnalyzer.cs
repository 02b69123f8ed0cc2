using System.Collections.Immutable;

namespace PlanReview.Core.Analysis;

/// <summary>
/// A rule, after Roslyn's DiagnosticAnalyzer: it declares what it can report and registers
/// callbacks on an <see cref="AnalysisContext"/>. One sealed analyzer per file, named with its id.
/// </summary>
/// <remarks>
/// The engine runs analyzers concurrently on large plans, but never two callbacks of one analyzer at once
/// (as Roslyn does without <c>EnableConcurrentExecution</c>): an analyzer may keep state between its own
/// callbacks, and must not share mutable state with other analyzers.
/// </remarks>
public abstract class PlanAnalyzer
{
    public abstract ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; }

    public abstract void Initialize(AnalysisContext context);
}
