using PlanReview.Core.Model;

namespace PlanReview.Readers.Pulumi;

// Placeholder: being written in this session (see the issue); replaced before the work is called done.
public sealed class PulumiEventLogReader : IPlanReader
{
    public PlanFormat Format => PlanFormat.Pulumi;

    public InputKind Kind => InputKind.PulumiEventLog;

    public Plan Read(TextReader text, string source, CancellationToken cancellationToken = default) =>
        throw new PlanReadException(source, "this format is not supported yet");
}
