namespace PlanReview.Readers.Tests;

/// <summary>Where the CloudFormation and Pulumi tests find their inputs: committed fixtures, and the optional public corpus.</summary>
internal static class CloudFormationPulumiPaths
{
    /// <summary>The repository root: the first folder above the test binaries that holds PlanReview.sln.</summary>
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary><c>../shared/corpus</c> beside the repository; it is not part of a fresh clone.</summary>
    public static string CorpusRoot => Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "corpus"));

    public static bool CorpusExists => Directory.Exists(CorpusRoot);

    public static string Fixture(string tool, string name) => Path.Combine(RepoRoot, "tests", "fixtures", tool, name);

    public static string Sample(string tool, string name) => Path.Combine(RepoRoot, "samples", tool, name);

    /// <summary>Counts per corpus file from EXPECTED.tsv: create, update, delete, replace, read, noop.</summary>
    public static IReadOnlyDictionary<string, int[]> ExpectedCounts()
    {
        var result = new Dictionary<string, int[]>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(Path.Combine(CorpusRoot, "EXPECTED.tsv")).Skip(1))
        {
            var cells = line.Split('\t');
            if (cells.Length >= 7)
            {
                result[cells[0]] = cells[1..7].Select(int.Parse).ToArray();
            }
        }

        return result;
    }

    /// <summary>Corpus files of one tool folder, relative to the corpus root; one placeholder row when the corpus is absent (the theory is then skipped).</summary>
    public static IEnumerable<object[]> CorpusFiles(string folder, bool odd)
    {
        if (!CorpusExists)
        {
            return [["(corpus absent)"]];
        }

        var directory = Path.Combine(CorpusRoot, folder, odd ? "odd" : string.Empty);
        return Directory.EnumerateFiles(directory)
            .Select(f => Path.GetRelativePath(CorpusRoot, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .Select(f => new object[] { f })
            .ToArray();
    }

    private static string FindRepoRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "PlanReview.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("PlanReview.sln not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>A theory over the public corpus: visibly skipped when <c>../shared/corpus</c> is absent (a fresh clone).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class CloudFormationPulumiCorpusTheoryAttribute : TheoryAttribute
{
    public CloudFormationPulumiCorpusTheoryAttribute()
    {
        if (!CloudFormationPulumiPaths.CorpusExists)
        {
            Skip = "../shared/corpus is absent (fresh clone): corpus conformance not run";
        }
    }
}

/// <summary>A fact over the public corpus: visibly skipped when <c>../shared/corpus</c> is absent (a fresh clone).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class CloudFormationPulumiCorpusFactAttribute : FactAttribute
{
    public CloudFormationPulumiCorpusFactAttribute()
    {
        if (!CloudFormationPulumiPaths.CorpusExists)
        {
            Skip = "../shared/corpus is absent (fresh clone): corpus check not run";
        }
    }
}
