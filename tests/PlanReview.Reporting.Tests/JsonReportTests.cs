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
            ["schemaVersion", "tool", "commit", "plans", "summary", "changes", "blastRadius", "diagnostics", "decision"],
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
    public void Edges_links_and_diagnostics_carry_their_plan_and_message_arguments()
    {
        var edge = Json["blastRadius"]!["edges"]![0]!;
        Assert.Equal("hostile/plan.json", (string)edge["plan"]!);
        var link = Json["blastRadius"]!["links"]!.Single();
        Assert.Equal(("aws_db_instance.db", "aws_instance.web", "hostile/plan.json"), ((string)link["dependency"]!, (string)link["dependent"]!, (string)link["plan"]!));
        var db = Json["diagnostics"]!.Single(d => (string)d["address"]! == "aws_db_instance.db");
        Assert.Equal(["aws_db_instance.db", "aws_db_instance", "1"], db["arguments"]!.Select(a => (string)a!));
        Assert.Equal("aws_db_instance.db (aws_db_instance) will be destroyed; 1 resources depend on it", (string)db["message"]!);
        Assert.Equal(JTokenType.Null, Json["commit"]!.Type);
    }

    [Fact]
    public void Arguments_the_message_does_not_show_are_not_written()
    {
        // A format that leaves an argument out must not let that argument reach the report.
        var report = TestReports.Build(TestReports.HostilePlan());
        var d = report.Diagnostics[0];
        var hidden = report with { Diagnostics = [d with { MessageArgs = d.MessageArgs.Add("not-in-the-message") }] };

        var json = JObject.Parse(JsonReportWriter.Render(hidden));

        Assert.Empty(json["diagnostics"]![0]!["arguments"]!);
        Assert.DoesNotContain("not-in-the-message", json.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Output_is_deterministic() =>
        Assert.Equal(JsonReportWriter.Render(TestReports.Build(TestReports.HostilePlan())), JsonReportWriter.Render(TestReports.Build(TestReports.HostilePlan())));
}
