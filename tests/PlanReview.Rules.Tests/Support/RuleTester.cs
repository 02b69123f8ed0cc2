using System.Collections.Immutable;
using PlanReview.Core.Analysis;
using PlanReview.Core.Configuration;
using PlanReview.Core.Model;

namespace PlanReview.Rules.Tests.Support;

/// <summary>Runs the built-in rule set the way the CLI does, on plans built in the test.</summary>
public static class RuleTester
{
    public static AnalysisResult Run(Plan plan, Policy? policy = null) =>
        BuiltInRules.CreateEngine().Analyze([plan], policy ?? PlanReview.Core.Configuration.Policy.Default);

    public static AnalysisResult Run(PlanBuilder plan, Policy? policy = null) => Run(plan.Build(), policy);

    /// <summary>A policy from YAML text, as <c>.github/planreview.yml</c> would give it.</summary>
    public static Policy ParsePolicy(string yaml) => PolicyLoader.Parse(yaml, "planreview.yml");

    /// <summary>The diagnostics of one rule, in the engine's order.</summary>
    public static ImmutableArray<Diagnostic> Of(this AnalysisResult result, string id) =>
        result.Diagnostics.Where(d => d.Id == id).ToImmutableArray();

    /// <summary>The (id, address, severity) triples of one rule, for compact assertions.</summary>
    public static (string Id, string? Address, Severity Severity)[] Findings(this AnalysisResult result, string id) =>
        result.Of(id).Select(d => (d.Id, d.Address, d.Severity)).ToArray();
}
