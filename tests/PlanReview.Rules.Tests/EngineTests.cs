using System.Collections.Immutable;
using PlanReview.Core.Analysis;
using PlanReview.Core.Configuration;
using PlanReview.Core.Model;
using PlanReview.Rules.Tests.Support;

namespace PlanReview.Rules.Tests;

/// <summary>
/// The engine with the built-in rules and a policy file: severities, overrides, suppressions,
/// failing analyzers and the approval decision, as a repository's <c>.github/planreview.yml</c> drives them.
/// </summary>
public sealed class EngineTests
{
    private const string Stateful = RuleIds.StatefulResourceDestroyed;

    // Thresholds high enough that only findings decide, so each test isolates what it is about.
    private const string Lenient = """
        thresholds:
          max-destroy: 100
          max-replace: 100
        """;

    private static Plan TwoDatabasesDeleted() => new PlanBuilder()
        .Delete("aws_db_instance.main")
        .Delete("aws_db_instance.reports")
        .Build();

    [Fact]
    public void A_rule_severity_from_the_policy_replaces_the_default()
    {
        var result = RuleTester.Run(TwoDatabasesDeleted(), RuleTester.ParsePolicy("""
            rules:
              PRV101: warning
            """));

        Assert.All(result.Of(Stateful), d => Assert.Equal(Severity.Warning, d.Severity));
        Assert.Equal(2, result.Of(Stateful).Length);
    }

    [Fact]
    public void Per_address_overrides_apply_to_matching_addresses_and_the_last_match_wins()
    {
        var result = RuleTester.Run(TwoDatabasesDeleted(), RuleTester.ParsePolicy("""
            overrides:
              - match: "aws_db_instance.*"
                rules:
                  PRV101: warning
              - match: "aws_db_instance.reports"
                rules:
                  PRV101: info
            """));

        Assert.Equal(
            [(Stateful, "aws_db_instance.main", Severity.Warning), (Stateful, "aws_db_instance.reports", Severity.Info)],
            result.Findings(Stateful).OrderBy(f => f.Address, StringComparer.Ordinal));
    }

    [Fact]
    public void An_earlier_override_loses_to_a_later_one()
    {
        var result = RuleTester.Run(TwoDatabasesDeleted(), RuleTester.ParsePolicy("""
            overrides:
              - match: "aws_db_instance.reports"
                rules:
                  PRV101: info
              - match: "aws_db_instance.*"
                rules:
                  PRV101: warning
            """));

        Assert.All(result.Of(Stateful), d => Assert.Equal(Severity.Warning, d.Severity));
    }

    [Fact]
    public void Severity_none_turns_a_rule_off()
    {
        var result = RuleTester.Run(TwoDatabasesDeleted(), RuleTester.ParsePolicy("""
            rules:
              PRV101: none
            """));

        Assert.Empty(result.Of(Stateful));
    }

    [Fact]
    public void A_justified_suppression_marks_the_finding_and_it_no_longer_requires_approval()
    {
        var policy = RuleTester.ParsePolicy(Lenient + """

            suppressions:
              - rule: PRV101
                address: "aws_db_instance.*"
                justification: "Both databases were exported to the archive (TICKET-1)."
            """);

        var result = RuleTester.Run(TwoDatabasesDeleted(), policy);

        Assert.Equal(2, result.Of(Stateful).Length);
        Assert.All(result.Of(Stateful), d => Assert.Equal("Both databases were exported to the archive (TICKET-1).", d.Suppression?.Justification));
        Assert.DoesNotContain(result.Active, d => d.Id == Stateful);
        Assert.False(result.Decision.ApprovalRequired, string.Join("; ", result.Decision.Reasons));
    }

    [Fact]
    public void Without_the_suppression_the_same_plan_requires_approval()
    {
        var result = RuleTester.Run(TwoDatabasesDeleted(), RuleTester.ParsePolicy(Lenient));

        Assert.True(result.Decision.ApprovalRequired);
        Assert.Contains(result.Decision.Reasons, r => r.Contains(Stateful, StringComparison.Ordinal));
    }

    [Fact]
    public void An_unjustified_suppression_is_ignored_and_reported()
    {
        var policy = RuleTester.ParsePolicy("""
            suppressions:
              - rule: PRV101
                address: "aws_db_instance.main"
            """);

        var result = RuleTester.Run(TwoDatabasesDeleted(), policy);

        Assert.All(result.Of(Stateful), d => Assert.False(d.IsSuppressed));
        var unjustified = Assert.Single(result.Of(RuleIds.UnjustifiedSuppression));
        Assert.Equal(Severity.Warning, unjustified.Severity);
        Assert.Contains("PRV101 on 'aws_db_instance.main'", unjustified.Message, StringComparison.Ordinal);
        Assert.Empty(result.Of(RuleIds.UnusedSuppression));
    }

    [Fact]
    public void A_suppression_that_matches_nothing_is_reported_as_unused()
    {
        var policy = RuleTester.ParsePolicy("""
            suppressions:
              - rule: PRV101
                address: "aws_db_instance.gone"
                justification: "Old exception."
            """);

        var result = RuleTester.Run(TwoDatabasesDeleted(), policy);

        Assert.Contains("aws_db_instance.gone", Assert.Single(result.Of(RuleIds.UnusedSuppression)).Message, StringComparison.Ordinal);
        Assert.All(result.Of(Stateful), d => Assert.False(d.IsSuppressed));
    }

    [Theory]
    [InlineData("rules:\n  PRV999: error\n")]
    [InlineData("overrides:\n  - match: \"*\"\n    rules:\n      PRV0101: none\n")]
    [InlineData("suppressions:\n  - rule: PRV10\n    justification: \"typo\"\n")]
    public void An_unknown_rule_id_in_the_policy_is_an_error(string yaml)
    {
        var policy = RuleTester.ParsePolicy(yaml);

        var error = Assert.Throws<PolicyException>(() => RuleTester.Run(TwoDatabasesDeleted(), policy));
        Assert.Contains("unknown rule id", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_analyzer_that_throws_fails_closed_with_PRV900_and_the_other_rules_still_run()
    {
        var engine = new PlanAnalysisEngine([new ThrowingAnalyzer(), .. BuiltInRules.All]);
        var policy = RuleTester.ParsePolicy(Lenient);

        var result = engine.Analyze([new PlanBuilder().Delete("aws_db_instance.main").Update("aws_instance.web").Build()], policy);

        // One failure per resource callback (two changes) and one for the plan callback.
        var failures = result.Of(RuleIds.AnalyzerFailed);
        Assert.Equal(3, failures.Length);
        Assert.All(failures, d => Assert.Equal(Severity.Error, d.Severity));
        Assert.All(failures, d => Assert.Contains("PRV999", d.Message, StringComparison.Ordinal));
        Assert.All(failures, d => Assert.DoesNotContain(ThrowingAnalyzer.SecretText, d.Message, StringComparison.Ordinal));
        Assert.Single(result.Of(Stateful));
        Assert.True(result.Decision.ApprovalRequired);
    }

    [Fact]
    public void The_engine_failure_cannot_be_turned_down_or_suppressed()
    {
        var engine = new PlanAnalysisEngine([new ThrowingAnalyzer()]);
        var policy = RuleTester.ParsePolicy(Lenient + """

            rules:
              PRV900: none
            suppressions:
              - rule: PRV900
                justification: "Trying to silence the gate."
            """);

        var result = engine.Analyze([new PlanBuilder().Update("aws_instance.web").Build()], policy);

        var failures = result.Of(RuleIds.AnalyzerFailed);
        Assert.Equal(2, failures.Length);
        Assert.All(failures, f => Assert.Equal(Severity.Error, f.Severity));
        Assert.All(failures, f => Assert.False(f.IsSuppressed));
        Assert.Single(result.Of(RuleIds.UnusedSuppression));
        Assert.True(result.Decision.ApprovalRequired);
    }

    [Fact]
    public void A_rule_turned_off_does_not_run_so_a_throwing_rule_can_be_switched_off()
    {
        var engine = new PlanAnalysisEngine([new ThrowingAnalyzer(), .. BuiltInRules.All]);
        var policy = RuleTester.ParsePolicy(Lenient + """

            rules:
              PRV999: none
            """);

        var result = engine.Analyze([new PlanBuilder().Delete("aws_db_instance.main").Build()], policy);

        Assert.Empty(result.Of(RuleIds.AnalyzerFailed));
        Assert.Single(result.Of(Stateful));
    }

    [Fact]
    public void A_rule_turned_off_but_on_again_for_some_addresses_still_runs()
    {
        var engine = new PlanAnalysisEngine([new ThrowingAnalyzer()]);
        var policy = RuleTester.ParsePolicy(Lenient + """

            rules:
              PRV999: none
            overrides:
              - match: "aws_instance.*"
                rules: { PRV999: warning }
            """);

        var result = engine.Analyze([new PlanBuilder().Update("aws_instance.web").Build()], policy);

        Assert.Equal(2, result.Of(RuleIds.AnalyzerFailed).Length);
    }

    [Fact]
    public void By_default_every_destroy_and_every_replace_requires_approval()
    {
        var result = RuleTester.Run(new PlanBuilder().Delete("terraform_data.a").Replace("terraform_data.b", order: ReplaceOrder.CreateFirst));

        Assert.True(result.Decision.ApprovalRequired);
        Assert.Equal((1, 1), (result.Decision.DestroyCount, result.Decision.ReplaceCount));
        Assert.Contains("1 resource destroyed; the policy allows 0 without approval", result.Decision.Reasons);
        Assert.Contains("1 resource replaced; the policy allows 0 without approval", result.Decision.Reasons);
    }

    [Theory]
    [InlineData(2, 1, false)]
    [InlineData(1, 1, true)]
    [InlineData(2, 0, true)]
    public void Destroys_and_replaces_over_the_policy_thresholds_require_approval(int maxDestroy, int maxReplace, bool approvalRequired)
    {
        var plan = new PlanBuilder()
            .Delete("terraform_data.a")
            .Delete("terraform_data.b")
            .Replace("terraform_data.c", order: ReplaceOrder.CreateFirst)
            .Create("terraform_data.d")
            .NoOp("terraform_data.e")
            .NoOp("terraform_data.f")
            .NoOp("terraform_data.g")
            .NoOp("terraform_data.h")
            .Build();
        var policy = RuleTester.ParsePolicy($"""
            thresholds:
              max-destroy: {maxDestroy}
              max-replace: {maxReplace}
            """);

        var result = RuleTester.Run(plan, policy);

        Assert.DoesNotContain(result.Active, d => d.Severity == Severity.Error);
        Assert.Equal(approvalRequired, result.Decision.ApprovalRequired);
    }

    [Fact]
    public void An_error_finding_requires_approval_even_under_the_thresholds_and_warnings_do_not()
    {
        var policy = RuleTester.ParsePolicy(Lenient);

        var withError = RuleTester.Run(new PlanBuilder().Delete("aws_s3_bucket.logs"), policy);
        var withWarningOnly = RuleTester.Run(new PlanBuilder().Replace("aws_instance.web"), policy);

        Assert.True(withError.Decision.ApprovalRequired);
        Assert.Contains("1 error finding (PRV101)", withError.Decision.Reasons);
        Assert.NotEmpty(withWarningOnly.Of(RuleIds.DestroyBeforeCreateReplacement));
        Assert.False(withWarningOnly.Decision.ApprovalRequired, string.Join("; ", withWarningOnly.Decision.Reasons));
    }

    [Fact]
    public void Required_approvals_come_from_the_policy()
    {
        var result = RuleTester.Run(TwoDatabasesDeleted(), RuleTester.ParsePolicy("""
            approvals:
              required: 2
            """));

        Assert.Equal(2, result.Decision.RequiredApprovals);
    }

    [Fact]
    public void Diagnostics_do_not_depend_on_the_order_of_the_plan()
    {
        var plan = new PlanBuilder()
            .Delete("aws_db_instance.main")
            .Replace("aws_instance.web")
            .Delete("acme_widget.w")
            .Replace("azurerm_resource_group.rg")
            .Delete("aws_sqs_queue.jobs", reason: "delete_because_no_resource_config")
            .Create("aws_sqs_queue.jobs_v2")
            .Build();
        var reversed = plan with { Changes = [.. plan.Changes.Reverse()] };

        static string[] Render(AnalysisResult r) => r.Diagnostics.Select(d => $"{d.Severity} {d.Id} {d.Address} {d.Message}").ToArray();

        var rendered = Render(RuleTester.Run(plan));
        Assert.Equal(rendered, Render(RuleTester.Run(reversed)));
        Assert.Equal(rendered.Length, rendered.Distinct().Count());
    }

    /// <summary>A rule that throws with a plan-like value in its message: the engine must not repeat it.</summary>
    private sealed class ThrowingAnalyzer : PlanAnalyzer
    {
        public const string SecretText = "hunter2";

        private static readonly DiagnosticDescriptor Rule = new("PRV999", "Throws", "{0}", "Integrity", Severity.Warning, true, "Test rule.");

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Rule];

        public override void Initialize(AnalysisContext context)
        {
            context.RegisterResourceChangeAction(_ => throw new InvalidOperationException(SecretText));
            context.RegisterPlanAction(_ => throw new InvalidOperationException(SecretText));
        }
    }
}
