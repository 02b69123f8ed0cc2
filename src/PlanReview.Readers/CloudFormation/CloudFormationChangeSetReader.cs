using PlanReview.Core.Model;

namespace PlanReview.Readers.CloudFormation;

// Placeholder: being written in this session (see the issue); replaced before the work is called done.
public sealed class CloudFormationChangeSetReader : IPlanReader
{
    public PlanFormat Format => PlanFormat.CloudFormation;

    public InputKind Kind => InputKind.CloudFormationChangeSet;

    public Plan Read(TextReader text, string source, CancellationToken cancellationToken = default) =>
        throw new PlanReadException(source, "this format is not supported yet");
}
