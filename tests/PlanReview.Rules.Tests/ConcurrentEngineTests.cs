using System.Globalization;
using System.Text;
using PlanReview.Core.Analysis;
using PlanReview.Core.Categories;
using PlanReview.Core.Configuration;
using PlanReview.Core.Model;
using PlanReview.Readers;
using PlanReview.Rules.Tests.Support;

namespace PlanReview.Rules.Tests;

/// <summary>
/// The built-in rules give the same result, byte for byte, whether the engine analyses a plan on one thread
/// or concurrently: every diagnostic with all it holds, the decision, the blast radius and the categories,
/// on the repository's fixtures and samples, on a plan made of many copies of them, and on the public corpus.
/// </summary>
public sealed class ConcurrentEngineTests
{
    private static readonly string[] Folders = [Path.Combine("tests", "fixtures"), "samples"];

    // Every field the policy can set, aimed at resources the plans have.
    private const string Configured = """
        thresholds:
          max-destroy: 3
          max-replace: 1
        rules:
          PRV101: warning
          PRV103: error
          PRV110: none
          PRV301:
            severity: error
            options:
              max-destructive: "2"
          PRV302:
            options:
              max-dependents: "1"
          PRV303:
            options:
              ratio: "0.1"
              min-resources: "2"
          PRV105:
            options:
              min-attribute-similarity: "0.2"
          PRV203:
            options:
              report-creates: "true"
        overrides:
          - match: "module.copy1*"
            rules:
              PRV102: info
              PRV109: error
        categories:
          - match: "terraform_data.*"
            category: data
          - match: "module.copy2*"
            category: network
        suppressions:
          - rule: PRV101
            address: "module.copy3*"
            justification: "copies of the fixtures"
          - rule: "*"
            address: "module.copy4.*"
            justification: "copies of the fixtures"
          - rule: PRV104
            address: "nothing.matches"
            justification: "stale"
        """;

    public static TheoryData<string> Policies() => new(nameof(Policy.Default), nameof(Configured), "samples/planreview.yml");

    [Theory]
    [MemberData(nameof(Policies))]
    public void Each_fixture_and_sample_gives_the_same_result_on_one_thread_and_concurrently(string policyName)
    {
        var policy = PolicyNamed(policyName);

        var plans = Loaded(Folders.Select(f => Path.Combine(RepoPaths.Root, f)));

        Assert.True(plans.Count > 20, $"only {plans.Count} plans found");
        foreach (var plan in plans)
        {
            AssertSameResult([plan], policy);
        }
    }

    [Theory]
    [MemberData(nameof(Policies))]
    public void A_large_plan_made_of_copies_of_the_fixtures_gives_the_same_result(string policyName)
    {
        var terraform = Loaded(Folders.Select(f => Path.Combine(RepoPaths.Root, f))).Where(p => p.Format == PlanFormat.Terraform).ToArray();
        var large = Copies(terraform, 4 * PlanAnalysisEngine.DefaultConcurrencyThreshold);

        var result = AssertSameResult([large], PolicyNamed(policyName));

        // Large enough for the default engine to run it concurrently, and with something for every kind of rule.
        Assert.True(large.Changes.Length >= PlanAnalysisEngine.DefaultConcurrencyThreshold);
        Assert.NotEmpty(result.Plans[0].BlastRadius.Affected);
        Assert.True(result.Diagnostics.Select(d => d.Id).Distinct().Count() >= 8, string.Join(", ", result.Diagnostics.Select(d => d.Id).Distinct()));
    }

    [CorpusFact]
    public void The_public_corpus_gives_the_same_result_plan_by_plan_and_all_together()
    {
        var plans = Loaded([CorpusFactAttribute.Corpus]);

        Assert.NotEmpty(plans);
        foreach (var plan in plans)
        {
            AssertSameResult([plan], Policy.Default);
        }

        AssertSameResult(plans, PolicyNamed(nameof(Configured)));
    }

    private static Policy PolicyNamed(string name) => name switch
    {
        nameof(Policy.Default) => Policy.Default,
        nameof(Configured) => RuleTester.ParsePolicy(Configured),
        _ => PolicyLoader.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, name)), name),
    };

    /// <summary>Analyses on one thread, concurrently, and with the defaults; asserts the three describe alike.</summary>
    private static AnalysisResult AssertSameResult(IReadOnlyList<Plan> plans, Policy policy)
    {
        var sequential = new PlanAnalysisEngine(BuiltInRules.All) { MaxDegreeOfParallelism = 1 }.Analyze(plans, policy);
        var concurrent = new PlanAnalysisEngine(BuiltInRules.All) { MaxDegreeOfParallelism = 4, ConcurrencyThreshold = 0 }.Analyze(plans, policy);
        var byDefault = BuiltInRules.CreateEngine().Analyze(plans, policy);

        var expected = Describe(sequential);
        Assert.Equal(expected, Describe(concurrent));
        Assert.Equal(expected, Describe(byDefault));
        return concurrent;
    }

    /// <summary>Every plan file under <paramref name="roots"/> that reads; the rest (broken inputs on purpose) are left out.</summary>
    private static List<Plan> Loaded(IEnumerable<string> roots)
    {
        var plans = new List<Plan>();
        var files = roots
            .SelectMany(r => Directory.EnumerateFiles(r, "*.json*", SearchOption.AllDirectories))
            .Where(f => f.EndsWith(".json", StringComparison.Ordinal) || f.EndsWith(".jsonl", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);
        foreach (var file in files)
        {
            try
            {
                plans.Add(PlanLoader.Default.Load(file));
            }
            catch (PlanReadException)
            {
                // Not a plan (a state file, a schema, a broken input kept to test the readers).
            }
        }

        return plans;
    }

    /// <summary>
    /// One Terraform plan holding copies of <paramref name="plans"/> under <c>module.copyN</c>, dependencies
    /// and drift included, until it has at least <paramref name="atLeast"/> changes.
    /// </summary>
    private static Plan Copies(IReadOnlyList<Plan> plans, int atLeast)
    {
        var changes = new List<ResourceChange>();
        var drift = new List<ResourceChange>();
        var dependencies = new List<DependencyEdge>();
        var outputs = new List<OutputChange>();
        for (var copy = 0; changes.Count < atLeast; copy++)
        {
            var prefix = string.Create(CultureInfo.InvariantCulture, $"module.copy{copy}.");
            foreach (var plan in plans)
            {
                changes.AddRange(plan.Changes.Select(c => Moved(c, prefix)));
                drift.AddRange(plan.Drift.Select(c => Moved(c, prefix)));
                dependencies.AddRange(plan.Dependencies.Select(d => d with { Dependent = prefix + d.Dependent, Dependency = prefix + d.Dependency }));
                outputs.AddRange(plan.Outputs.Select(o => o with { Name = $"{o.Name}_{copy}" }));
            }
        }

        return new Plan
        {
            Source = "copies.json",
            Format = PlanFormat.Terraform,
            Changes = [.. changes],
            Drift = [.. drift],
            Dependencies = [.. dependencies],
            Outputs = [.. outputs],
            PriorResourceCount = changes.Count + 10,
        };
    }

    private static ResourceChange Moved(ResourceChange change, string prefix) => change with
    {
        Address = prefix + change.Address,
        PreviousAddress = change.PreviousAddress is null ? null : prefix + change.PreviousAddress,
    };

    /// <summary>Everything an analysis result holds that a report could show, as text.</summary>
    private static string Describe(AnalysisResult result)
    {
        var text = new StringBuilder();
        foreach (var d in result.Diagnostics)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"diagnostic {d.Descriptor} | {d.Severity} | {d.Address} | {d.ResourceType} | {d.PlanSource} | {d.Message} | [{string.Join(" ; ", d.MessageArgs)}] | {d.Suppression}");
        }

        var decision = result.Decision;
        text.AppendLine(CultureInfo.InvariantCulture, $"decision {decision.ApprovalRequired} {decision.RequiredApprovals} {decision.DestroyCount} {decision.ReplaceCount} [{string.Join(" ; ", decision.Reasons)}]");
        foreach (var plan in result.Plans)
        {
            var radius = plan.BlastRadius;
            text.AppendLine(CultureInfo.InvariantCulture, $"plan {plan.Plan.Source}: destroyed [{string.Join(" ", radius.Destroyed)}] replaced [{string.Join(" ", radius.Replaced)}]");
            foreach (var affected in radius.Affected)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"affected {affected}");
            }

            foreach (var root in radius.Destroyed.Concat(radius.Replaced))
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"dependents of {root}: {string.Join(" ", radius.DependentsOf(root))}");
            }

            foreach (var (address, category) in plan.Categories.OrderBy(c => c.Key, StringComparer.Ordinal))
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"category {address} {category.ToWireName()}");
            }
        }

        return text.ToString();
    }
}
