using System.Text;
using PlanReview.Core.Model;

namespace PlanReview.Readers.Tests;

public sealed class PulumiProtectTests
{
    private static Plan Read(bool oldProtect, bool newProtect)
    {
        const string urn = "urn:pulumi:prod::shop::aws:rds/instance:Instance::orders-db";
        var json = $$"""
            {
              "steps": [
                {
                  "op": "update",
                  "urn": "{{urn}}",
                  "oldState": { "urn": "{{urn}}", "type": "aws:rds/instance:Instance", "custom": true, "protect": {{(oldProtect ? "true" : "false")}}, "inputs": { "instanceClass": "db.t3.micro" } },
                  "newState": { "urn": "{{urn}}", "type": "aws:rds/instance:Instance", "custom": true, "protect": {{(newProtect ? "true" : "false")}}, "inputs": { "instanceClass": "db.t3.small" } },
                  "diffReasons": ["instanceClass"],
                  "detailedDiff": null
                }
              ],
              "changeSummary": { "update": 1 }
            }
            """;
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(json));
        return PlanLoader.Default.Load(stream, "preview.json");
    }

    [Fact]
    public void An_update_that_lifts_protect_records_that_the_old_object_was_protected()
    {
        var change = Assert.Single(Read(oldProtect: true, newProtect: false).Changes);
        Assert.Equal(ChangeAction.Update, change.Action);
        Assert.False(change.Protected);
        Assert.Equal("true", change.Properties["wasProtected"]);
    }

    [Theory]
    [InlineData(true, true)]
    [InlineData(false, false)]
    [InlineData(false, true)]
    public void Otherwise_nothing_is_recorded(bool oldProtect, bool newProtect) =>
        Assert.False(Assert.Single(Read(oldProtect, newProtect).Changes).Properties.ContainsKey("wasProtected"));
}

public sealed class PulumiSummaryTests
{
    [Fact]
    public void The_change_summary_tells_how_many_resources_exist_already()
    {
        var json = """
            { "steps": [], "changeSummary": { "same": 12, "update": 2, "delete": 1, "replace": 1, "create": 5 } }
            """;
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json));
        Assert.Equal(16, PlanLoader.Default.Load(stream, "preview.json").PriorResourceCount);
    }

    [Fact]
    public void Without_a_summary_the_count_is_unknown()
    {
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes("""{ "steps": [] }"""));
        Assert.Null(PlanLoader.Default.Load(stream, "preview.json").PriorResourceCount);
    }
}
