using Newtonsoft.Json.Linq;
using PlanReview.Reporting.Json;

namespace PlanReview.Reporting.Tests;

public class JsonReportTests
{
    private static readonly JObject Json = JObject.Parse(JsonReportWriter.Render(TestReports.Build(TestReports.HostilePlan())));

    [Fact]
    public void Top_level_names_are_the_contract()
    {
        Assert.Equal(
            ["schemaVersion", "tool", "plans", "summary", "changes", "blastRadius", "diagnostics", "decision"],
            Json.Properties().Select(p => p.Name));
        Assert.Equal(1, (int)Json["schemaVersion"]!);
        Assert.Equal("terraform", (string)Json["plans"]![0]!["format"]!);
        Assert.Equal("1.11.4", (string)Json["plans"]![0]!["toolVersion"]!);
    }

    [Fact]
    public void Summary_counts_each_action()
    {
        var summary = (JObject)Json["summary"]!;
        Assert.Equal(
            ["create", "update", "delete", "replace", "read", "noop", "forget", "import", "move", "unknown"],
            summary.Properties().Select(p => p.Name));
        Assert.Equal((1, 1, 10, 1), ((int)summary["create"]!, (int)summary["update"]!, (int)summary["delete"]!, (int)summary["replace"]!));
    }

    [Fact]
    public void Changes_carry_replace_order_category_and_dependents()
    {
        var db = Json["changes"]!.Single(c => (string)c["address"]! == "aws_db_instance.db");
        Assert.Equal("replace", (string)db["action"]!);
        Assert.Equal("delete-first", (string)db["replaceOrder"]!);
        Assert.Equal("data", (string)db["category"]!);
        Assert.Equal(["aws_instance.web"], db["dependents"]!.Select(d => (string)d!));
        Assert.Equal(["aws_instance.web"], Json["blastRadius"]!["affected"]!.Select(d => (string)d!));
        Assert.Equal("aws_db_instance.db", (string)Json["blastRadius"]!["edges"]![0]!["root"]!);
    }

    [Fact]
    public void Decision_and_diagnostics_are_reported()
    {
        Assert.True((bool)Json["decision"]!["approvalRequired"]!);
        Assert.Equal(1, (int)Json["decision"]!["requiredApprovals"]!);
        Assert.Equal(3, Json["decision"]!["reasons"]!.Count());
        var first = Json["diagnostics"]![0]!;
        Assert.Equal("PRV101", (string)first["id"]!);
        Assert.Equal("error", (string)first["severity"]!);
        Assert.EndsWith("docs/rules/PRV101.md", (string)first["helpUri"]!, StringComparison.Ordinal);
    }

    [Fact]
    public void Output_is_deterministic() =>
        Assert.Equal(JsonReportWriter.Render(TestReports.Build(TestReports.HostilePlan())), JsonReportWriter.Render(TestReports.Build(TestReports.HostilePlan())));
}
