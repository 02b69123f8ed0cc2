namespace PlanReview.Cli.Tests;

public class RulesCommandTests
{
    [Fact]
    public async Task The_catalog_lists_every_rule_with_its_severity()
    {
        var (exit, stdout, _) = await Cli.Run("rules");
        Assert.Equal(0, exit);
        Assert.Matches(@"(?m)^PRV101\s+error\s+Destructive\s+Stateful resource destroyed$", stdout);
        Assert.Matches(@"(?m)^PRV903\s+error\s+Integrity\s+", stdout);
    }

    [Fact]
    public async Task One_rule_prints_its_documentation_page()
    {
        var (exit, stdout, _) = await Cli.Run("rules", "prv101");
        Assert.Equal(0, exit);
        Assert.Equal(await File.ReadAllTextAsync(Repo.Path_("docs/rules/PRV101.md")), stdout);
    }

    [Fact]
    public async Task An_unknown_rule_is_exit_2()
    {
        var (exit, _, stderr) = await Cli.Run("rules", "PRV999");
        Assert.Equal(2, exit);
        Assert.Equal("planreview: no rule 'PRV999'; run `planreview rules` for the catalog\n", stderr);
    }
}
