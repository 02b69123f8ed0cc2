using PlanReview.Core.Model;

namespace PlanReview.Readers.Terraform;

// Placeholder: being written in this session (see the issue); replaced before the work is called done.
public sealed class TerraformPlanReader : IPlanReader
{
    public PlanFormat Format => PlanFormat.Terraform;

    public InputKind Kind => InputKind.TerraformPlan;

    public Plan Read(TextReader text, string source, CancellationToken cancellationToken = default) =>
        throw new PlanReadException(source, "this format is not supported yet");
}
