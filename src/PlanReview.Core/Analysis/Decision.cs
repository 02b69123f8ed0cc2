using System.Collections.Immutable;

namespace PlanReview.Core.Analysis;

/// <summary>Whether a human must approve, and why (each reason a sentence).</summary>
public sealed record Decision(bool ApprovalRequired, int RequiredApprovals, ImmutableArray<string> Reasons, int DestroyCount, int ReplaceCount);
