using PlanReview.GitHub.Tests.Support;

namespace PlanReview.GitHub.Tests;

/// <summary>
/// End to end: the real Octokit client against a GitHub stand-in on 127.0.0.1, through
/// <see cref="GitHubCommand.RunAsync"/> with a runner-like environment and the real engine.
/// </summary>
public sealed class ActionEndToEndTests : IAsyncLifetime
{
    private FakeGitHub github = null!;
    private ActionRunner runner = null!;

    public async Task InitializeAsync()
    {
        github = await FakeGitHub.StartAsync();
        github.Push("dev", message: "Drop the old database");
        github.Permissions["alice"] = "write";
        github.Permissions["bob"] = "admin";
        github.Permissions["reader"] = "read";
        github.Permissions["dev"] = "write";
        github.Permissions["pairer"] = "write";
        runner = new ActionRunner(github);
        runner.WritePlan("prod.json", Plans.DestroyDatabase);
    }

    public async Task DisposeAsync()
    {
        runner.Dispose();
        await github.DisposeAsync();
    }

    [Fact]
    public async Task Destroy_without_approval_is_pending_with_one_comment_labels_and_outputs()
    {
        var result = await runner.PullRequestAsync("opened");

        Assert.Equal(0, result.ExitCode);
        var status = github.LatestStatus()!;
        Assert.Equal(("pending", github.HeadSha), (status.State, status.Sha));
        Assert.Contains("aws_db_instance.main", status.Description, StringComparison.Ordinal);
        Assert.Contains("write access", status.Description, StringComparison.Ordinal);
        Assert.True(status.Description.Length <= 140);
        var comment = Assert.Single(github.Comments);
        Assert.StartsWith("<!-- planreview:v1 context=planreview -->", comment.Body, StringComparison.Ordinal);
        Assert.Equal("github-actions[bot]", comment.Login);
        Assert.Contains(GitHubCommand.DestroyLabel, github.Labels);
        Assert.DoesNotContain(GitHubCommand.ReplaceLabel, github.Labels);
        Assert.Equal("true", result.Outputs["approval-required"]);
        Assert.Equal("false", result.Outputs["approved"]);
        Assert.Equal("1", result.Outputs["destroy-count"]);
        Assert.True(File.Exists(result.Outputs["report-json"]));
        Assert.Contains("aws_db_instance.main", result.Summary, StringComparison.Ordinal);
        Assert.Matches(@"\d+ GitHub API requests", result.Stderr);
    }

    [Fact]
    public async Task Secrets_from_the_plan_never_reach_github_or_the_runner_files()
    {
        var result = await runner.PullRequestAsync();

        Assert.DoesNotContain("hunter2", github.Comments.Single().Body, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", result.Summary, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", File.ReadAllText(result.Outputs["report-json"]), StringComparison.Ordinal);
        Assert.All(github.Statuses, s => Assert.DoesNotContain("hunter2", s.Description, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_typical_pull_request_run_makes_at_most_eight_requests()
    {
        await runner.PullRequestAsync("opened");
        var before = github.Requests.Count;

        await runner.PullRequestAsync("synchronize");

        Assert.InRange(github.Requests.Count - before, 1, 8);
    }

    [Theory]
    [InlineData("reader", false)]
    [InlineData("renovate[bot]", true)]
    [InlineData("pairer", false)]
    [InlineData("dev", false)]
    public async Task Approvals_that_do_not_count_leave_the_status_pending(string reviewer, bool bot)
    {
        github.Push("dev", committer: "pairer", message: "pair programming");
        await runner.PullRequestAsync();
        github.Permissions[reviewer] = github.Permissions.GetValueOrDefault(reviewer, "write");
        github.Review(reviewer, "APPROVED", bot: bot);

        var result = await runner.ReviewAsync();

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("pending", github.LatestStatus()!.State);
        Assert.Contains("did not count", github.Comments.Single().Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Approval_of_an_older_commit_does_not_count_and_a_new_push_asks_again()
    {
        await runner.PullRequestAsync();
        github.Review("alice", "APPROVED");
        await runner.ReviewAsync();
        Assert.Equal("success", github.LatestStatus()!.State);

        github.Push("dev", message: "one more change");
        await runner.PullRequestAsync();

        var status = github.LatestStatus()!;
        Assert.Equal(("pending", github.HeadSha), (status.State, status.Sha));
        var body = github.Comments.Single().Body;
        Assert.Contains("invalidated by a new push", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Eligible_approval_of_the_head_turns_the_status_green_and_the_comment_says_who()
    {
        await runner.PullRequestAsync();
        github.Review("alice", "APPROVED");

        var result = await runner.ReviewAsync();

        Assert.Equal(0, result.ExitCode);
        var status = github.LatestStatus()!;
        Assert.Equal(("success", github.HeadSha), (status.State, status.Sha));
        Assert.Contains("alice", status.Description, StringComparison.Ordinal);
        var body = Assert.Single(github.Comments).Body;
        Assert.Contains("✅ `alice`", body, StringComparison.Ordinal);
        Assert.Contains("aws_db_instance.main", body, StringComparison.Ordinal);
        Assert.Equal("true", result.Outputs["approved"]);
    }

    [Fact]
    public async Task Team_approvers_are_checked_through_team_membership()
    {
        runner.Inputs["INPUT_APPROVERS"] = "acme/sre";
        github.TeamMembers.Add("acme/sre/bob");
        await runner.PullRequestAsync();

        github.Review("alice", "APPROVED");
        await runner.ReviewAsync();
        Assert.Equal("pending", github.LatestStatus()!.State);
        Assert.Contains("@acme/sre", github.LatestStatus()!.Description, StringComparison.Ordinal);

        github.Review("bob", "APPROVED");
        await runner.ReviewAsync();
        Assert.Equal("success", github.LatestStatus()!.State);
    }

    [Fact]
    public async Task Changes_requested_by_an_eligible_reviewer_is_failure_until_superseded()
    {
        await runner.PullRequestAsync();
        github.Review("alice", "APPROVED");
        github.Review("bob", "CHANGES_REQUESTED");

        await runner.ReviewAsync();
        Assert.Equal("failure", github.LatestStatus()!.State);

        github.Review("bob", "APPROVED");
        await runner.ReviewAsync();
        Assert.Equal("success", github.LatestStatus()!.State);
    }

    [Fact]
    public async Task Reruns_never_add_a_second_comment_and_an_older_run_never_overwrites_a_newer_one()
    {
        await runner.PullRequestAsync(run: 200);
        await runner.PullRequestAsync(run: 201);
        await runner.PullRequestAsync(run: 201);
        var body = Assert.Single(github.Comments).Body;

        runner.WritePlan("prod.json", Plans.CreateOnly);
        await runner.PullRequestAsync(run: 150);

        Assert.Equal(body, Assert.Single(github.Comments).Body);
    }

    [Fact]
    public async Task Forged_marker_in_a_users_comment_is_ignored()
    {
        var forged = StickyComment.Compose("planreview", "all good", "approved", new RecordedAnalysis { Context = "planreview", HeadSha = github.HeadSha, RunId = 999999, ApprovalRequired = false });
        github.Comments.Add(new FakeComment(1, forged, "mallory", false));

        await runner.PullRequestAsync();
        Assert.Equal(2, github.Comments.Count);
        Assert.Equal(forged, github.Comments[0].Body);

        await runner.ReviewAsync();
        Assert.Equal("pending", github.LatestStatus()!.State);
    }

    [Fact]
    public async Task A_review_before_any_analysis_of_the_head_stays_pending()
    {
        github.Review("alice", "APPROVED");

        var result = await runner.ReviewAsync();

        Assert.Equal(0, result.ExitCode);
        var status = github.LatestStatus()!;
        Assert.Equal("pending", status.State);
        Assert.Contains("plan job must run", status.Description, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{ not json")]
    [InlineData("")]
    public async Task A_broken_plan_is_an_error_never_success(string text)
    {
        runner.WritePlan("prod.json", text);
        github.Review("alice", "APPROVED");

        var result = await runner.PullRequestAsync();

        Assert.NotEqual(0, result.ExitCode);
        Assert.Equal("error", github.LatestStatus()!.State);
        Assert.DoesNotContain(github.Statuses, s => s.State == "success");
        Assert.Contains("prod.json", result.Stderr, StringComparison.Ordinal);

        await runner.ReviewAsync();
        Assert.Equal("error", github.LatestStatus()!.State);
    }

    [Fact]
    public async Task A_missing_plan_is_an_error_never_success()
    {
        runner.Inputs["INPUT_PLANS"] = "plans/nothing-*.json";

        var result = await runner.PullRequestAsync();

        Assert.Equal(GitHubCommand.ExitAnalysisFailed, result.ExitCode);
        Assert.Equal("error", github.LatestStatus()!.State);
        Assert.Contains("no plan file matches", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_policy_file_is_read_from_the_base_branch()
    {
        runner.WritePlan("prod.json", Plans.DestroyDatabase);
        github.Contents[("main", ".github/planreview.yml")] = "version: 1\napprovals:\n  required: 2\n";
        github.Contents[("feature/db", ".github/planreview.yml")] = "version: 1\napprovals:\n  required: 9\n";
        File.WriteAllText(Path.Combine(runner.Workspace, "planreview.yml"), "version: 1\napprovals:\n  required: 9\n");

        await runner.PullRequestAsync();

        Assert.Contains("Needs 2 approvals", github.LatestStatus()!.Description, StringComparison.Ordinal);
        Assert.Contains("GET /api/v3/repos/acme/infra/contents/.github/planreview.yml", github.Requests);
    }

    [Fact]
    public async Task An_invalid_policy_on_the_base_branch_is_an_error()
    {
        github.Contents[("main", ".github/planreview.yml")] = "version: 1\nthresholdz: {}\n";

        var result = await runner.PullRequestAsync();

        Assert.Equal(GitHubCommand.ExitAnalysisFailed, result.ExitCode);
        Assert.Equal("error", github.LatestStatus()!.State);
        Assert.Contains("thresholdz", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(".github/planreview.yml", "PRV501")]
    [InlineData("action.yml", "PRV501")]
    [InlineData(".github/workflows/plan.yml", "PRV502")]
    public async Task A_pull_request_that_changes_the_gate_needs_approval_whatever_the_plan(string path, string id)
    {
        runner.WritePlan("prod.json", Plans.CreateOnly);
        github.Files.Add(new FakeFile(path));

        await runner.PullRequestAsync();

        Assert.Equal("pending", github.LatestStatus()!.State);
        Assert.Contains(id, github.Comments.Single().Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_justified_suppression_in_the_base_policy_lifts_a_gate_finding()
    {
        runner.WritePlan("prod.json", Plans.CreateOnly);
        github.Files.Add(new FakeFile(".github/workflows/plan.yml"));
        github.Contents[("main", ".github/planreview.yml")] =
            "version: 1\nsuppressions:\n  - rule: PRV502\n    address: \".github/workflows/plan.yml\"\n    justification: \"Reviewed by the platform team\"\n";

        var result = await runner.PullRequestAsync();

        Assert.Equal("success", github.LatestStatus()!.State);
        var report = File.ReadAllText(result.Outputs["report-json"]);
        Assert.Contains("PRV502", report, StringComparison.Ordinal);
        Assert.Contains("Reviewed by the platform team", report, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_workflow_that_does_not_run_planreview_is_not_a_gate_change()
    {
        runner.WritePlan("prod.json", Plans.CreateOnly);
        github.Files.Add(new FakeFile(".github/workflows/lint.yml", Patch: "+      - run: npm test"));
        github.Contents[(github.HeadSha, ".github/workflows/lint.yml")] = "on: push\njobs: {}\n";
        github.Contents[("main", ".github/workflows/lint.yml")] = "on: push\njobs: {}\n";

        await runner.PullRequestAsync();

        Assert.Equal("success", github.LatestStatus()!.State);
        Assert.DoesNotContain("PRV502", github.Comments.Single().Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_workflow_whose_contents_run_planreview_is_a_gate_change()
    {
        runner.WritePlan("prod.json", Plans.CreateOnly);
        github.Files.Add(new FakeFile(".github/workflows/deploy.yml", Patch: "+  timeout-minutes: 5"));
        github.Contents[(github.HeadSha, ".github/workflows/deploy.yml")] = "jobs:\n  plan:\n    steps:\n      - uses: acme/planreview@v1\n";

        await runner.PullRequestAsync();

        Assert.Equal("pending", github.LatestStatus()!.State);
        Assert.Contains("PRV502", github.Comments.Single().Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Nothing_destructive_is_success_and_stale_labels_are_removed()
    {
        github.Labels.Add(GitHubCommand.DestroyLabel);
        runner.WritePlan("prod.json", Plans.CreateOnly);

        var result = await runner.PullRequestAsync();

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("success", github.LatestStatus()!.State);
        Assert.DoesNotContain(GitHubCommand.DestroyLabel, github.Labels);
        Assert.Equal("false", result.Outputs["approval-required"]);
    }

    [Fact]
    public async Task Ai_only_gates_only_ai_authored_pull_requests_and_says_which_signals_fired()
    {
        runner.Inputs["INPUT_AI-ONLY"] = "true";
        await runner.PullRequestAsync();
        Assert.Equal("success", github.LatestStatus()!.State);

        runner.HeadRef = "claude/drop-db";
        await runner.PullRequestAsync();

        Assert.Equal("pending", github.LatestStatus()!.State);
        var body = github.Comments.Single().Body;
        Assert.Contains("PRV503", body, StringComparison.Ordinal);
        Assert.Contains("the branch claude/drop-db starts with claude/", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Comment_mode_new_adds_a_comment_and_hide_and_new_retires_the_old_one()
    {
        await runner.PullRequestAsync();
        runner.Inputs["INPUT_COMMENT"] = "hide-and-new";

        await runner.PullRequestAsync();

        Assert.Equal(2, github.Comments.Count);
        Assert.StartsWith("<!-- planreview:superseded -->", github.Comments[0].Body, StringComparison.Ordinal);
        Assert.StartsWith("<!-- planreview:v1", github.Comments[1].Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Comment_mode_off_posts_no_comment_but_sets_the_status()
    {
        runner.Inputs["INPUT_COMMENT"] = "off";

        await runner.PullRequestAsync();

        Assert.Empty(github.Comments);
        Assert.Equal("pending", github.LatestStatus()!.State);
    }

    [Fact]
    public async Task A_token_identity_from_get_user_is_the_only_author_trusted()
    {
        github.TokenLogin = "planreview-app[bot]";
        await runner.PullRequestAsync();
        Assert.Equal("planreview-app[bot]", github.Comments.Single().Login);

        github.Review("alice", "APPROVED");
        await runner.ReviewAsync();

        Assert.Equal("success", github.LatestStatus()!.State);
    }

    [Fact]
    public async Task A_bad_token_is_a_publish_failure()
    {
        runner.Inputs["INPUT_GITHUB-TOKEN"] = "wrong";

        var result = await runner.PullRequestAsync();

        Assert.Equal(GitHubCommand.ExitPublishFailed, result.ExitCode);
        Assert.Contains("401", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(github.Statuses);
    }

    [Fact]
    public async Task A_missing_runner_environment_is_a_configuration_error()
    {
        using var stderr = new StringWriter();

        var exit = await GitHubCommand.RunAsync(new GitHubCommandInput(new Dictionary<string, string>(), (_, _) => throw new InvalidOperationException(), TextWriter.Null, stderr), CancellationToken.None);

        Assert.Equal(GitHubCommand.ExitConfiguration, exit);
        Assert.Contains("token", stderr.ToString(), StringComparison.Ordinal);
    }
}
