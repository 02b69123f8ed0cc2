using PlanReview.GitHub.Tests.Support;

namespace PlanReview.GitHub.Tests;

/// <summary>
/// The real `planreview github` process, as action.yml runs it, with a runner-like environment,
/// against the GitHub stand-in on 127.0.0.1.
/// </summary>
public sealed class ActionProcessTests : IAsyncLifetime
{
    private FakeGitHub github = null!;
    private ActionRunner runner = null!;

    public async Task InitializeAsync()
    {
        github = await FakeGitHub.StartAsync();
        github.Push("dev", message: "Drop the old database");
        github.Permissions["alice"] = "write";
        github.Permissions["dev"] = "write";
        runner = new ActionRunner(github) { UseProcess = true };
        runner.WritePlan("prod.json", Plans.DestroyDatabase);
    }

    public async Task DisposeAsync()
    {
        runner.Dispose();
        await github.DisposeAsync();
    }

    [Fact]
    public async Task A_destroy_stays_pending_until_an_eligible_human_approves_the_head()
    {
        var first = await runner.PullRequestAsync("opened");
        Assert.Equal(0, first.ExitCode);
        Assert.Equal("pending", github.LatestStatus()!.State);
        Assert.Equal("true", first.Outputs["approval-required"]);

        github.Review("dev", "APPROVED");
        await runner.ReviewAsync();
        Assert.Equal("pending", github.LatestStatus()!.State);

        github.Review("alice", "APPROVED");
        var approved = await runner.ReviewAsync();
        Assert.Equal(0, approved.ExitCode);
        Assert.Equal(("success", github.HeadSha), (github.LatestStatus()!.State, github.LatestStatus()!.Sha));
        Assert.Single(github.Comments);
    }

    [Fact]
    public async Task Findings_become_annotations_at_the_line_that_declares_the_resource()
    {
        var infra = Path.Combine(runner.Workspace, "main.tf");
        await File.WriteAllTextAsync(infra, "# the database\n\nresource \"aws_db_instance\" \"main\" {\n  identifier = \"main\"\n}\n");

        var result = await runner.PullRequestAsync("opened");

        var annotations = result.Stdout.Split('\n').Where(l => l.StartsWith("::", StringComparison.Ordinal)).ToList();
        var destroyed = Assert.Single(annotations, a => a.Contains("PRV101", StringComparison.Ordinal));
        Assert.StartsWith("::error file=main.tf,line=3,title=PRV101 Stateful resource destroyed::aws_db_instance.main", destroyed, StringComparison.Ordinal);
        Assert.All(annotations, a => Assert.DoesNotContain("hunter2", a, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Sarif_is_written_for_code_scanning_when_asked()
    {
        await File.WriteAllTextAsync(Path.Combine(runner.Workspace, "main.tf"), "resource \"aws_db_instance\" \"main\" {}\n");
        runner.Inputs["INPUT_SARIF"] = "out/planreview.sarif";

        await runner.PullRequestAsync("opened");

        var sarif = Newtonsoft.Json.Linq.JObject.Parse(await File.ReadAllTextAsync(Path.Combine(runner.Workspace, "out", "planreview.sarif")));
        var result = sarif["runs"]![0]!["results"]!.Single(r => (string)r["ruleId"]! == "PRV101");
        Assert.Equal("main.tf", (string)result["locations"]![0]!["physicalLocation"]!["artifactLocation"]!["uri"]!);
        Assert.Equal(1, (int)result["locations"]![0]!["physicalLocation"]!["region"]!["startLine"]!);
    }

    [Fact]
    public async Task A_broken_plan_fails_closed_with_an_error_status_and_a_non_zero_exit()
    {
        runner.WritePlan("prod.json", "{\"format_version\": \"1.2\", \"resource_changes\": [");

        var result = await runner.PullRequestAsync("opened");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Equal("error", github.LatestStatus()!.State);
        Assert.DoesNotContain(github.Statuses, s => s.State == "success");
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
    }
}
