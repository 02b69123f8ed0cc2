using Newtonsoft.Json.Linq;

namespace PlanReview.Cli.Tests;

public class MultiToolTests
{
    [Fact]
    public async Task Nested_change_sets_read_together_put_children_under_their_parent_stack()
    {
        var (_, stdout, stderr) = await Cli.Run(
            "analyze",
            Repo.Fixture("cloudformation/nested-root.json"),
            Repo.Fixture("cloudformation/nested-child.json"),
            Repo.Fixture("cloudformation/nested-grandchild.json"),
            "--json",
            "-");

        Assert.Equal(string.Empty, stderr);
        var addresses = JObject.Parse(stdout)["changes"]!.Select(c => (string)c["address"]!).ToList();
        Assert.Contains("platform/Network/Vpc", addresses);
        Assert.Contains("platform/Network/Subnets/PrivateSubnetA", addresses);
    }

    [Fact]
    public async Task One_report_covers_plans_of_three_tools()
    {
        var (exit, stdout, _) = await Cli.Run(
            "analyze",
            Repo.Path_("samples/terraform/plan.json"),
            Repo.Path_("samples/cloudformation/change-set.json"),
            Repo.Path_("samples/pulumi/preview.json"),
            "--json",
            "-");

        Assert.Equal(1, exit);
        var report = JObject.Parse(stdout);
        Assert.Equal(["terraform", "cloudformation", "pulumi"], report["plans"]!.Select(p => (string)p["format"]!));
        var stateful = report["diagnostics"]!.Where(d => (string)d["id"]! is "PRV101" or "PRV102").Select(d => (string)d["plan"]!).Distinct().Count();
        Assert.Equal(3, stateful);
        Assert.Equal(3, (int)report["decision"]!["destroyCount"]!);
        Assert.Equal(3, (int)report["decision"]!["replaceCount"]!);
    }
}
