namespace PlanReview.Reporting.Tests.Support;

/// <summary>Paths in the repository, found by walking up from the test binary to PlanReview.sln.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string TestProject => Path.Combine(Root, "tests", "PlanReview.Reporting.Tests");

    public static string TerraformFixture(string name) => Path.Combine(Root, "tests", "fixtures", "terraform", name);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PlanReview.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("PlanReview.sln not found above " + AppContext.BaseDirectory);
    }
}
