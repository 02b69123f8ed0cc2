namespace PlanReview.Cli.Tests;

/// <summary>Paths in the repository, found by walking up to PlanReview.sln.</summary>
internal static class Repo
{
    public static string Root { get; } = FindRoot();

    public static string Fixture(string relative) => Path.Combine(Root, "tests", "fixtures", relative);

    public static string Path_(string relative) => Path.Combine(Root, relative);

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

/// <summary>Runs the CLI in-process with captured output.</summary>
internal static class Cli
{
    public static async Task<(int Exit, string Out, string Err)> Run(params string[] args)
    {
        using var stdout = new StringWriter { NewLine = "\n" };
        using var stderr = new StringWriter { NewLine = "\n" };
        var exit = await CliApplication.RunAsync(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }
}
