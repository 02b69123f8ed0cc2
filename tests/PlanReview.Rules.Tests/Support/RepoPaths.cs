namespace PlanReview.Rules.Tests.Support;

/// <summary>Finds files of the repository from a test run (bin/Debug/net10.0 is deep below the root).</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string RuleDocs => Path.Combine(Root, "docs", "rules");

    public static string RulesSource => Path.Combine(Root, "src", "PlanReview.Rules");

    private static string FindRoot()
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
