using PlanReview.Core.Analysis;

namespace PlanReview.GitHub.Rules;

/// <summary>
/// PRV502: the pull request changes a workflow that runs PlanReview. A workflow can change the
/// Action's inputs, its version or remove the step, so it is always an error: approval is needed.
/// </summary>
public static class PRV502GateWorkflowChanged
{
    public static readonly DiagnosticDescriptor Descriptor = new(
        RuleIds.GateWorkflowChanged,
        "Workflow running the gate changed by the pull request",
        "The pull request changes the workflow {0}, which runs PlanReview; a human must approve it whatever the plan says",
        "Provenance",
        Severity.Error,
        true,
        "Workflows that run PlanReview decide its inputs (thresholds, approvers, which plans are read); a pull request that edits one could weaken the gate that judges it.");
}
