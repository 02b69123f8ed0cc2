namespace PlanReview.Readers.Tests.Support;

/// <summary>A fact about the public corpus in <c>../shared/corpus</c>; skipped, visibly, when that folder is missing.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class CorpusFactAttribute : FactAttribute
{
    public CorpusFactAttribute()
    {
        if (!TestPaths.CorpusExists)
        {
            Skip = $"the public corpus is not at {TestPaths.Corpus} (it is not part of the repository)";
        }
    }
}
