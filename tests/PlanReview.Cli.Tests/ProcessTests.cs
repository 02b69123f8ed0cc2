using System.Diagnostics;

namespace PlanReview.Cli.Tests;

/// <summary>The real executable, as a user or the Action runs it: arguments, standard input, exit code.</summary>
public class ProcessTests
{
    private static async Task<(int Exit, string Out, string Err)> RunProcess(string? stdin, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "planreview.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["NO_COLOR"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }

        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    [Fact]
    public async Task Reads_a_plan_from_standard_input()
    {
        var plan = await File.ReadAllTextAsync(Repo.Fixture("terraform/replace-delete-first/plan.json"));
        var (exit, stdout, stderr) = await RunProcess(plan, "analyze", "-");

        Assert.Equal(string.Empty, stderr);
        Assert.Equal(1, exit);
        Assert.StartsWith("planreview: approval required — 1 to replace", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b[", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Garbage_on_standard_input_is_exit_2_without_a_stack_trace()
    {
        var (exit, stdout, stderr) = await RunProcess("{\"format_version\": \"1.2\", \"resource_changes\": [", "analyze", "-");

        Assert.Equal(2, exit);
        Assert.Equal(string.Empty, stdout);
        Assert.StartsWith("planreview: -: ", stderr, StringComparison.Ordinal);
        Assert.Single(stderr.TrimEnd('\n').Split('\n'));
    }
}
