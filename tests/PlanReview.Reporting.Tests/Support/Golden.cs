namespace PlanReview.Reporting.Tests.Support;

/// <summary>
/// Golden files under <c>tests/PlanReview.Reporting.Tests/golden/</c>. To accept new output, run
/// <c>UPDATE_GOLDEN=1 dotnet test tests/PlanReview.Reporting.Tests</c> and review the diff with <c>git diff</c>.
/// </summary>
internal static class Golden
{
    public static bool Updating => Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1";

    public static void Verify(string name, string actual)
    {
        var path = Path.Combine(RepoPaths.TestProject, "golden", name);
        if (Updating)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, actual, new System.Text.UTF8Encoding(false));
            return;
        }

        Assert.True(File.Exists(path), $"golden file {name} is missing; run `UPDATE_GOLDEN=1 dotnet test tests/PlanReview.Reporting.Tests` and review it");
        var expected = File.ReadAllText(path).ReplaceLineEndings("\n");
        if (expected != actual)
        {
            var line = FirstDifferentLine(expected, actual);
            Assert.Fail($"{name} differs from its golden file at line {line.Number}:\n  golden: {line.Expected}\n  actual: {line.Actual}\n" +
                "If the change is intended, run `UPDATE_GOLDEN=1 dotnet test tests/PlanReview.Reporting.Tests` and review `git diff`.");
        }
    }

    private static (int Number, string Expected, string Actual) FirstDifferentLine(string expected, string actual)
    {
        var a = expected.Split('\n');
        var b = actual.Split('\n');
        for (var i = 0; i < Math.Max(a.Length, b.Length); i++)
        {
            var x = i < a.Length ? a[i] : "(end of file)";
            var y = i < b.Length ? b[i] : "(end of file)";
            if (x != y)
            {
                return (i + 1, x, y);
            }
        }

        return (0, string.Empty, string.Empty);
    }
}
