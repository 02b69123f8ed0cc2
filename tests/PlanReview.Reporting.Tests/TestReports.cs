using System.Collections.Immutable;
using PlanReview.Core.Analysis;
using PlanReview.Core.Configuration;
using PlanReview.Core.Model;
using PlanReview.Reporting.Model;

namespace PlanReview.Reporting.Tests;

/// <summary>Builds reports from small plans with a test analyzer, independent of the built-in rules.</summary>
internal static class TestReports
{
    public static readonly string[] HostileKeys =
    [
        "</details><img src=x onerror=alert(1)>",
        "`rm -rf /`",
        "a|b|c",
        "@my-org/platform-team please look",
        "<!-- planreview:v1 context=planreview -->",
        "[click](http://evil.example)",
        "line1\nline2",
        "<script>alert(1)</script>",
        "**bold** _em_ ~~strike~~",
        "```fence",
    ];

    public static ResourceChange Change(string address, string type, ChangeAction action, ReplaceOrder order = ReplaceOrder.None) => new()
    {
        Address = address,
        Type = type,
        Action = action,
        ReplaceOrder = order,
        Fate = action.IsDestructive() ? ObjectFate.Destroyed : ObjectFate.None,
        RawAction = action.ToWireName(),
        Reason = action == ChangeAction.Delete ? "delete_because_each_key" : null,
    };

    public static Plan HostilePlan() => new()
    {
        Source = "hostile/plan.json",
        Format = PlanFormat.Terraform,
        ToolVersion = "1.11.4",
        Changes =
        [
            .. HostileKeys.Select(k => Change($"aws_s3_bucket.b[\"{k}\"]", "aws_s3_bucket", ChangeAction.Delete)),
            Change("aws_db_instance.db", "aws_db_instance", ChangeAction.Replace, ReplaceOrder.DeleteFirst),
            Change("aws_instance.web", "aws_instance", ChangeAction.Update),
            Change("aws_instance.new[\"@team\"]", "aws_instance", ChangeAction.Create),
        ],
        Dependencies = [new DependencyEdge("aws_instance.web", "aws_db_instance.db", "prior_state.depends_on")],
    };

    public static Report Build(Plan plan, Policy? policy = null)
    {
        var engine = new PlanAnalysisEngine([new EchoAnalyzer()]);
        var result = engine.Analyze([plan], policy ?? Policy.Default);
        return ReportBuilder.Build(result, engine.Descriptors);
    }

    /// <summary>Reports every destroyed resource with its address in the message, as real rules do.</summary>
    internal sealed class EchoAnalyzer : PlanAnalyzer
    {
        public static readonly DiagnosticDescriptor Rule = new(
            "PRV101", "Stateful resource destroyed", "{0} ({1}) will be destroyed; {2} resources depend on it", "Destructive", Severity.Error, true, "test");

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => [Rule];

        public override void Initialize(AnalysisContext context) =>
            context.RegisterResourceChangeAction(c =>
            {
                if (c.Change.Action.IsDestructive())
                {
                    c.ReportDiagnostic(Diagnostic.Create(Rule, c.Change.Address, c.Change.Address, c.Change.Type, c.BlastRadius.DependentsOf(c.Change.Address).Length));
                }
            });
    }
}
