using PlanReview.Core.Analysis;

namespace PlanReview.GitHub.Rules;

/// <summary>
/// PRV501: the pull request changes the gate's own configuration (the policy file or the action's
/// <c>action.yml</c>). It is about the pull request, not the plan, so the Action reports it rather than
/// the engine; it is always an error because a change to the gate must never approve itself.
/// </summary>
public static class PRV501GateConfigurationChanged
{
    public static readonly DiagnosticDescriptor Descriptor = new(
        RuleIds.GateConfigurationChanged,
        "Gate configuration changed by the pull request",
        "The pull request changes {0}, which configures the PlanReview gate; a human must approve it whatever the plan says",
        "Provenance",
        Severity.Error,
        true,
        "The policy file is read from the base branch, so a pull request cannot loosen its own gate; changing it (or action.yml) still needs a human's approval before it lands.");
}
