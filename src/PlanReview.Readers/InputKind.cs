namespace PlanReview.Readers;

/// <summary>What the format detector recognised in a document.</summary>
public enum InputKind
{
    Unknown = 0,
    Empty,
    NotJson,
    TerraformPlan,
    TerraformState,
    TerraformBinaryPlan,
    CloudFormationChangeSet,
    CloudFormationCreateChangeSetOutput,
    PulumiPreview,
    PulumiEventLog,
}
