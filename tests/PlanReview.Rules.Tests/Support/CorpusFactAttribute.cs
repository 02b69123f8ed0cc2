namespace PlanReview.Rules.Tests.Support;

/// <summary>A test over the public corpus (<c>../shared/corpus</c>), skipped, and saying so, when it is not there.</summary>
public sealed class CorpusFactAttribute : FactAttribute
{
    public CorpusFactAttribute()
    {
        if (!Directory.Exists(Corpus))
        {
            Skip = $"the public corpus is not at {Corpus} (it is not part of the repository)";
        }
    }

    public static string Corpus { get; } = Path.GetFullPath(Path.Combine(RepoPaths.Root, "..", "shared", "corpus"));
}
