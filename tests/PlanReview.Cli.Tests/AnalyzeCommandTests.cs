using Newtonsoft.Json.Linq;

namespace PlanReview.Cli.Tests;

public class AnalyzeCommandTests
{
    [Fact]
    public async Task The_quick_start_sample_requires_approval_and_names_what_is_destroyed()
    {
        var (exit, stdout, stderr) = await Cli.Run("analyze", Repo.Path_("samples/terraform/plan.json"));

        Assert.Equal(1, exit);
        Assert.Equal(string.Empty, stderr);
        Assert.StartsWith("planreview: approval required — 1 to destroy, 1 to replace", stdout, StringComparison.Ordinal);
        Assert.Contains("aws_s3_bucket.invoices", stdout, StringComparison.Ordinal);
        Assert.Contains("aws_db_instance.orders", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("correct-horse-battery-staple", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_plan_with_only_creates_passes()
    {
        var (exit, stdout, _) = await Cli.Run("analyze", Repo.Fixture("terraform/create-only/plan.json"));
        Assert.Equal(0, exit);
        Assert.StartsWith("planreview: no destructive change", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Thresholds_from_the_command_line_allow_a_destroy_of_a_harmless_resource()
    {
        var plan = Repo.Fixture("terraform/count-index-deletes/plan.json");
        Assert.Equal(1, (await Cli.Run("analyze", plan)).Exit);
        var (exit, stdout, _) = await Cli.Run("analyze", plan, "--max-destroy", "3");
        Assert.Equal(0, exit);
        Assert.StartsWith("planreview: within policy — 3 to destroy", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_and_markdown_reports_are_written_and_secrets_never_reach_them()
    {
        var dir = Directory.CreateTempSubdirectory("planreview-cli-");
        try
        {
            var json = Path.Combine(dir.FullName, "out", "r.json");
            var markdown = Path.Combine(dir.FullName, "r.md");
            var (exit, _, stderr) = await Cli.Run("analyze", Repo.Fixture("terraform/sensitive-values/plan.json"), "--json", json, "--markdown", markdown, "--quiet");

            Assert.Equal(string.Empty, stderr);
            Assert.InRange(exit, 0, 1);
            var report = JObject.Parse(await File.ReadAllTextAsync(json));
            Assert.Equal(1, (int)report["schemaVersion"]!);
            Assert.Equal("terraform", (string)report["plans"]![0]!["format"]!);
            foreach (var text in new[] { await File.ReadAllTextAsync(json), await File.ReadAllTextAsync(markdown) })
            {
                Assert.DoesNotContain("hunter2-SECRET-do-not-leak", text, StringComparison.Ordinal);
            }
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Json_to_standard_output_is_only_json()
    {
        var (_, stdout, _) = await Cli.Run("analyze", Repo.Fixture("terraform/replace-delete-first/plan.json"), "--json", "-");
        var report = JObject.Parse(stdout);
        var replaced = report["changes"]!.Single(c => (string)c["action"]! == "replace");
        Assert.Equal("delete-first", (string)replaced["replaceOrder"]!);
        Assert.NotEmpty(replaced["dependents"]!);
    }

    [Fact]
    public async Task Several_plans_make_one_report()
    {
        var (_, stdout, _) = await Cli.Run("analyze", Repo.Fixture("terraform/create-only/plan.json"), Repo.Fixture("terraform/count-index-deletes/plan.json"), "--json", "-");
        var report = JObject.Parse(stdout);
        Assert.Equal(2, report["plans"]!.Count());
        Assert.Equal(3, (int)report["summary"]!["delete"]!);
    }

    [Theory]
    [InlineData("terraform/not-a-plan/binary.tfplan", "is a binary Terraform plan file; run `terraform show -json` on it")]
    [InlineData("terraform/not-a-plan/state.json", "is a Terraform state, not a plan")]
    [InlineData("terraform/does-not-exist.json", "no such file")]
    public async Task Unusable_input_is_one_line_naming_the_file_and_exit_2(string fixture, string problem)
    {
        var path = Repo.Fixture(fixture);
        var (exit, stdout, stderr) = await Cli.Run("analyze", path);

        Assert.Equal(2, exit);
        Assert.Equal(string.Empty, stdout);
        Assert.StartsWith($"planreview: {path}: {problem}", stderr, StringComparison.Ordinal);
        Assert.Single(stderr.TrimEnd('\n').Split('\n'));
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_or_truncated_file_is_exit_2()
    {
        var dir = Directory.CreateTempSubdirectory("planreview-cli-");
        try
        {
            var empty = Path.Combine(dir.FullName, "empty.json");
            await File.WriteAllTextAsync(empty, string.Empty);
            var truncated = Path.Combine(dir.FullName, "truncated.json");
            var text = await File.ReadAllTextAsync(Repo.Fixture("terraform/create-only/plan.json"));
            await File.WriteAllTextAsync(truncated, text[..(text.Length / 2)]);

            var (exitEmpty, _, errEmpty) = await Cli.Run("analyze", empty);
            var (exitTruncated, _, errTruncated) = await Cli.Run("analyze", truncated);

            Assert.Equal((2, 2), (exitEmpty, exitTruncated));
            Assert.StartsWith($"planreview: {empty}: is empty", errEmpty, StringComparison.Ordinal);
            Assert.StartsWith($"planreview: {truncated}: ", errTruncated, StringComparison.Ordinal);
            Assert.Single(errTruncated.TrimEnd('\n').Split('\n'));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_broken_policy_file_is_exit_2_naming_the_line()
    {
        var dir = Directory.CreateTempSubdirectory("planreview-cli-");
        try
        {
            var policy = Path.Combine(dir.FullName, "planreview.yml");
            await File.WriteAllTextAsync(policy, "thresholds:\n  max-destory: 3\n");
            var (exit, _, stderr) = await Cli.Run("analyze", Repo.Fixture("terraform/create-only/plan.json"), "--config", policy);
            Assert.Equal(2, exit);
            Assert.StartsWith($"planreview: {policy}:2: unknown key 'thresholds.max-destory'", stderr, StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("analyze")]
    [InlineData("analyze", "x.json", "--max-destroy", "lots")]
    [InlineData("analyze", "x.json", "--format", "ansible")]
    [InlineData("frobnicate")]
    public async Task Usage_errors_are_exit_2(params string[] args)
    {
        var (exit, _, stderr) = await Cli.Run(args);
        Assert.Equal(2, exit);
        Assert.StartsWith("planreview: ", stderr, StringComparison.Ordinal);
    }
}
