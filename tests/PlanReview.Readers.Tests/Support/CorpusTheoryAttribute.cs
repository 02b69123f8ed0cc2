namespace PlanReview.Readers.Tests.Support;

/// <summary>
/// A theory over the public corpus in <c>../shared/corpus</c>. On a clone without that folder the
/// theory is reported as one skipped test (visible in the runner's summary) instead of passing silently.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class CorpusTheoryAttribute : TheoryAttribute
{
    public CorpusTheoryAttribute()
    {
        if (!TestPaths.CorpusExists)
        {
            Skip = $"the public corpus is not at {TestPaths.Corpus} (it is not part of the repository)";
        }
    }
}
