using PlanReview.Core.Analysis;
using PlanReview.Core.Categories;
using PlanReview.Core.Configuration;

namespace PlanReview.Core.Tests;

public class PolicyLoaderTests
{
    private const string Full = """
        version: 1
        thresholds:
          max-destroy: 2
          max-replace: 1
        approvals:
          required: 2
          approvers: [alice, my-org/platform]
        rules:
          PRV103: error
          PRV301:
            severity: warning
            options:
              max-destructive: 25
        overrides:
          - match: "module.sandbox.*"
            rules: { PRV101: warning }
        categories:
          - match: "terraform_data.db*"
            category: data
        suppressions:
          - rule: PRV101
            address: "aws_s3_bucket.tmp"
            justification: "scratch bucket, recreated nightly"
          - rule: PRV102
        """;

    [Fact]
    public void Reads_every_section()
    {
        var policy = PolicyLoader.Parse(Full, "planreview.yml");

        Assert.Equal((2, 1, 2), (policy.MaxDestroy, policy.MaxReplace, policy.RequiredApprovals));
        Assert.Equal(["alice", "my-org/platform"], policy.Approvers.ToArray());
        Assert.Equal(Severity.Error, policy.RuleFor("PRV103").Severity);
        Assert.Equal(Severity.Warning, policy.RuleFor("PRV301").Severity);
        Assert.Equal("25", policy.RuleFor("PRV301").Options["max-destructive"]);
        Assert.Equal("module.sandbox.*", policy.Overrides.Single().Match);
        Assert.Equal(Severity.Warning, policy.Overrides.Single().Rules["PRV101"]);
        Assert.Equal(new CategoryOverride("terraform_data.db*", ResourceCategory.Data), policy.Categories.Single());
        Assert.True(policy.Suppressions[0].IsJustified);
        Assert.False(policy.Suppressions[1].IsJustified);
        Assert.Equal("*", policy.Suppressions[1].Address);
        Assert.Equal(24, policy.Suppressions[1].Line);
    }

    [Fact]
    public void An_empty_file_gives_the_defaults()
    {
        var policy = PolicyLoader.Parse("", "p.yml");
        Assert.Equal((0, 0, 1), (policy.MaxDestroy, policy.MaxReplace, policy.RequiredApprovals));
        Assert.Equal("p.yml", policy.Source);
    }

    [Theory]
    [InlineData("thresholds:\n  max-destory: 3\n", "p.yml:2: unknown key 'thresholds.max-destory'")]
    [InlineData("rules:\n  PRV101: loud\n", "p.yml:2: unknown severity 'loud'")]
    [InlineData("thresholds:\n  max-destroy: -1\n", "p.yml:2: max-destroy must be 0 or more")]
    [InlineData("thresholds:\n  max-destroy: many\n", "p.yml:2: max-destroy must be a whole number")]
    [InlineData("version: 2\n", "p.yml:1: unsupported version 2")]
    [InlineData("colour: red\n", "p.yml:1: unknown key 'colour'")]
    [InlineData("suppressions:\n  - address: x\n", "p.yml:2: a suppression needs 'rule'")]
    [InlineData("categories:\n  - match: x\n    category: database\n", "p.yml:3: unknown category 'database'")]
    [InlineData("rules: [PRV101]\n", "p.yml:1: rules must be a mapping")]
    [InlineData("a: [\n", "p.yml:")]
    public void A_typo_is_an_error_naming_the_file_and_line(string yaml, string expectedStart)
    {
        var ex = Assert.Throws<PolicyException>(() => PolicyLoader.Parse(yaml, "p.yml"));
        Assert.StartsWith(expectedStart, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void Unknown_rule_ids_are_rejected_by_validation()
    {
        var policy = PolicyLoader.Parse("rules:\n  PRV999: error\n", "p.yml");
        var ex = Assert.Throws<PolicyException>(() => PolicyLoader.Validate(policy, new HashSet<string> { "PRV101" }));
        Assert.Contains("PRV999", ex.Message, StringComparison.Ordinal);
    }
}
