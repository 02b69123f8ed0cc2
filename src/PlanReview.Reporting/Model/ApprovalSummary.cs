using System.Collections.Immutable;

namespace PlanReview.Reporting.Model;

/// <summary>One reviewer line in the approval section: who, and why their approval counts or not.</summary>
public sealed record ApproverLine(string Login, string Reason);

/// <summary>The approval state the GitHub gate found, rendered in the comment's approval section.</summary>
public sealed record ApprovalSummary(
    bool Approved,
    int Required,
    ImmutableArray<ApproverLine> Counted,
    ImmutableArray<ApproverLine> NotCounted,
    ImmutableArray<string> AiSignals,
    ImmutableArray<string> Invalidated);
