namespace PlanReview.Readers.Tests.Support;

/// <summary>Where the tests find their inputs: the committed fixtures, and the public corpus beside the repository.</summary>
internal static class TestPaths
{
    /// <summary>The folder that holds <c>PlanReview.sln</c>, found by walking up from the test binaries.</summary>
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>The fixtures copied next to the test assembly (from <c>tests/fixtures</c>).</summary>
    public static string Fixtures { get; } = Path.Combine(AppContext.BaseDirectory, "fixtures");

    /// <summary><c>../shared/corpus</c> relative to the repository root; it is not part of the repository (licenses).</summary>
    public static string Corpus { get; } = Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "corpus"));

    public static bool CorpusExists => Directory.Exists(Path.Combine(Corpus, "terraform"));

    public static string TerraformFixture(string @case) => Path.Combine(Fixtures, "terraform", @case, "plan.json");

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PlanReview.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"PlanReview.sln not found above {AppContext.BaseDirectory}");
    }
}
