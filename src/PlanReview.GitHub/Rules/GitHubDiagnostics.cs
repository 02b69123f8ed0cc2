using System.Collections.Immutable;
using PlanReview.Core.Analysis;

namespace PlanReview.GitHub.Rules;

/// <summary>The descriptors the Action reports about the pull request itself (PRV5xx), for catalogs and docs tests.</summary>
public static class GitHubDiagnostics
{
    public static ImmutableArray<DiagnosticDescriptor> All { get; } =
    [
        PRV501GateConfigurationChanged.Descriptor,
        PRV502GateWorkflowChanged.Descriptor,
        PRV503AiAuthoredPullRequest.Descriptor,
    ];
}
