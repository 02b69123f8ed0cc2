using System.Collections.Immutable;
using PlanReview.Core.Analysis;
using PlanReview.Reporting.Markdown;
using PlanReview.Rules;

namespace PlanReview.Reporting.Tests.Merge;

/// <summary>What the merge tests share: the rule catalog reports are read with, and the comment without size budget or quiet mode.</summary>
internal static class MergeCases
{
    public static readonly ImmutableArray<DiagnosticDescriptor> Catalog = BuiltInRules.CreateEngine().Descriptors;

    public static readonly MarkdownOptions Full = GoldenCases.Options with { MaxLength = int.MaxValue, QuietWhenSafe = false };
}
