using System.Collections.Immutable;
using System.Globalization;
using PlanReview.Core.Analysis;
using PlanReview.Core.Categories;
using PlanReview.Core.Configuration;
using PlanReview.Core.Graph;
using PlanReview.Core.Model;

namespace PlanReview.Core.Tests;

/// <summary>
/// The engine runs analyzers concurrently on a large plan: the result must be the one a run on one thread
/// gives, each analyzer's callbacks must never overlap, and callbacks that read the blast radius must see it
/// whole. The analyzers here are test doubles that make timing differences likely (one is slow, one throws).
/// </summary>
public sealed class ConcurrentAnalysisTests
{
    private const int Resources = 3000;

    private static PlanAnalysisEngine Sequential(params PlanAnalyzer[] analyzers) => new(analyzers) { MaxDegreeOfParallelism = 1 };

    // More workers than this machine may have cores, and no size threshold: every plan runs concurrently.
    private static PlanAnalysisEngine Concurrent(params PlanAnalyzer[] analyzers) => new(analyzers) { MaxDegreeOfParallelism = 4, ConcurrencyThreshold = 0 };

    /// <summary>
    /// A chain of resources, each depending on the one before, with a destroy every 50 and a replace every 70:
    /// the blast radius has many roots and deep walks, so computing it takes a while.
    /// </summary>
    private static Plan LargePlan(string source = "plan.json")
    {
        var changes = ImmutableArray.CreateBuilder<ResourceChange>(Resources);
        var edges = ImmutableArray.CreateBuilder<DependencyEdge>(Resources);
        for (var i = 0; i < Resources; i++)
        {
            var action = i % 50 == 0 ? ChangeAction.Delete : i % 70 == 0 ? ChangeAction.Replace : i % 9 == 0 ? ChangeAction.Update : ChangeAction.NoOp;
            changes.Add(new ResourceChange { Address = $"aws_instance.n{i:D5}", Type = "aws_instance", Action = action });
            if (i > 0)
            {
                edges.Add(new DependencyEdge($"aws_instance.n{i:D5}", $"aws_instance.n{i - 1:D5}", "prior_state.depends_on"));
            }
        }

        return new Plan { Source = source, Format = PlanFormat.Terraform, Changes = changes.ToImmutable(), Dependencies = edges.ToImmutable() };
    }

    /// <summary>Everything a report shows of a diagnostic, as text, in the result's order.</summary>
    private static string[] Shown(AnalysisResult result) => result.Diagnostics
        .Select(d => string.Join(
            " | ",
            d.Id,
            d.Descriptor.Title,
            d.Severity,
            d.Address,
            d.ResourceType,
            d.PlanSource,
            d.Message,
            string.Join(",", d.MessageArgs),
            d.Suppression?.Justification))
        .ToArray();

    [Fact]
    public void Findings_that_sort_alike_keep_the_analyzer_order_whatever_finishes_first()
    {
        // Both report the same id, address and message, so only the raw order tells them apart. Run
        // concurrently, the first waits for the second to finish before it reports, so it finishes last.
        var sequential = Sequential(new TieAnalyzer("first"), new TieAnalyzer("second")).Analyze([LargePlan()], Policy.Default);
        var second = new TieAnalyzer("second");
        var concurrent = Concurrent(new TieAnalyzer("first", after: second), second).Analyze([LargePlan()], Policy.Default);

        Assert.Equal(["first", "second"], sequential.Diagnostics.Select(d => d.ResourceType));
        Assert.Equal(Shown(sequential), Shown(concurrent));
    }

    [Fact]
    public void A_resource_callback_that_reads_the_blast_radius_sees_the_whole_of_it()
    {
        var plan = LargePlan();
        var expected = BlastRadius.Compute(plan);

        // Three workers: the blast radius, the categories and the analyzer start together, so the analyzer
        // asks for the blast radius while it is being computed.
        var result = new PlanAnalysisEngine([new DependentsAnalyzer()]) { MaxDegreeOfParallelism = 3, ConcurrencyThreshold = 0 }.Analyze([plan], Policy.Default);

        var reported = result.Diagnostics.Where(d => d.Id == DependentsAnalyzer.Rule.Id).ToArray();
        Assert.Equal(expected.Destroyed.Length, reported.Length);
        Assert.All(reported, d => Assert.Equal(expected.DependentsOf(d.Address!).Length.ToString(CultureInfo.InvariantCulture), d.MessageArgs[0]));
        Assert.Equal(expected.Affected.AsEnumerable(), result.Plans[0].BlastRadius.Affected);
    }

    [Fact]
    public void An_analyzer_that_throws_gives_the_same_PRV900_findings_in_the_same_order()
    {
        var analyzers = new PlanAnalyzer[] { new TieAnalyzer("before"), new ThrowingAnalyzer(), new TieAnalyzer("after") };

        var sequential = Sequential(analyzers).Analyze([LargePlan()], Policy.Default);
        var concurrent = Concurrent(analyzers).Analyze([LargePlan()], Policy.Default);

        var failures = concurrent.Diagnostics.Where(d => d.Id == RuleIds.AnalyzerFailed).ToArray();

        // Every tenth destroy throws in the resource callback, and the plan callback throws once.
        Assert.Equal(LargePlan().Changes.Count(c => c.Action == ChangeAction.Delete) / 10 + 1, failures.Length);
        Assert.Contains(failures, d => d.Message.Contains("failed on plan.json", StringComparison.Ordinal));
        Assert.All(failures, d => Assert.Contains(ThrowingAnalyzer.Rule.Id, d.Message, StringComparison.Ordinal));
        Assert.Equal(Shown(sequential), Shown(concurrent));
        Assert.True(concurrent.Decision.ApprovalRequired);
    }

    [Fact]
    public void Callbacks_of_one_analyzer_never_run_at_the_same_time()
    {
        var watched = new[] { new OverlapAnalyzer(), new OverlapAnalyzer() };

        Concurrent(watched).Analyze([LargePlan("a.json"), LargePlan("b.json")], Policy.Default);

        // Each saw every change of both plans, and two plan callbacks per plan.
        Assert.All(watched, a => Assert.Equal((2 * Resources) + 4, a.Calls));
        Assert.All(watched, a => Assert.Equal(0, a.Overlaps));
    }

    [Fact]
    public void A_policy_with_severities_options_categories_and_suppressions_gives_the_same_result()
    {
        var policy = PolicyLoader.Parse(
            """
            rules:
              TST002:
                severity: error
                options:
                  every: "7"
            overrides:
              - match: "aws_instance.n0001*"
                rules:
                  TST002: info
            categories:
              - match: "aws_instance.n002*"
                category: data
            suppressions:
              - rule: TST002
                address: "aws_instance.n0003*"
                justification: test
            """,
            "planreview.yml");
        var analyzers = new PlanAnalyzer[] { new CategoryAnalyzer(), new TieAnalyzer("tie") };

        var sequential = Sequential(analyzers).Analyze([LargePlan("a.json"), LargePlan("b.json")], policy);
        var concurrent = Concurrent(analyzers).Analyze([LargePlan("a.json"), LargePlan("b.json")], policy);

        Assert.Contains(concurrent.Diagnostics, d => d.Severity == Severity.Info);
        Assert.Contains(concurrent.Diagnostics, d => d.IsSuppressed);
        Assert.Contains(concurrent.Diagnostics, d => d.MessageArgs.Contains("data"));
        Assert.Equal(Shown(sequential), Shown(concurrent));
        Assert.Equal(sequential.Decision.Reasons.AsEnumerable(), concurrent.Decision.Reasons);
    }

    [Theory]
    [InlineData(Resources - 1, false)]
    [InlineData(Resources, true)]
    public void Plans_below_the_threshold_run_on_one_thread_and_larger_ones_on_several(int changes, bool together)
    {
        // The first waits for the second: they meet only when they run at the same time.
        var first = new MeetingAnalyzer(together ? TimeSpan.FromSeconds(30) : TimeSpan.FromMilliseconds(100));
        var second = new MeetingAnalyzer(TimeSpan.Zero);
        first.Other = second;
        var engine = new PlanAnalysisEngine([first, second]) { MaxDegreeOfParallelism = 4, ConcurrencyThreshold = Resources };

        engine.Analyze([LargePlan() with { Changes = LargePlan().Changes[..changes] }], Policy.Default);

        Assert.Equal(together, first.Met);
        if (!together)
        {
            Assert.Equal([Environment.CurrentManagedThreadId, Environment.CurrentManagedThreadId], new[] { first.Thread, second.Thread });
        }
    }

    /// <summary>
    /// Reports one finding whose sort keys every instance shares; only the resource type names the instance.
    /// Given another one, it waits for that one to finish first (a while at most, in case they never run together).
    /// </summary>
    private sealed class TieAnalyzer(string name, TieAnalyzer? after = null) : PlanAnalyzer
    {
        private static readonly DiagnosticDescriptor Rule = new("TST001", "Tie", "tie on {0}", "Test", Severity.Warning, true, "Test.");
        private readonly ManualResetEventSlim finished = new();

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Rule];

        public override void Initialize(AnalysisContext context) => context.RegisterPlanAction(c =>
        {
            after?.finished.Wait(TimeSpan.FromSeconds(30));
            c.ReportDiagnostic(Diagnostic.Create(Rule, "aws_instance.n00000", "aws_instance.n00000") with { ResourceType = name });
            finished.Set();
        });
    }

    /// <summary>Reports each destroy with the number of its dependents, read from a resource callback.</summary>
    private sealed class DependentsAnalyzer : PlanAnalyzer
    {
        public static readonly DiagnosticDescriptor Rule = new("TST003", "Dependents", "{0} dependents", "Test", Severity.Warning, true, "Test.");

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Rule];

        public override void Initialize(AnalysisContext context) => context.RegisterResourceChangeAction(
            c => c.ReportDiagnostic(Diagnostic.Create(Rule, c.Change.Address, c.BlastRadius.DependentsOf(c.Change.Address).Length)),
            ChangeAction.Delete);
    }

    /// <summary>Throws on every tenth destroy and in its plan callback, and reports the other destroys.</summary>
    private sealed class ThrowingAnalyzer : PlanAnalyzer
    {
        public static readonly DiagnosticDescriptor Rule = new("TST004", "Throws", "{0} survived", "Test", Severity.Warning, true, "Test.");

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Rule];

        public override void Initialize(AnalysisContext context)
        {
            var seen = 0;
            context.RegisterResourceChangeAction(
                c =>
                {
                    if (seen++ % 10 == 0)
                    {
                        throw new InvalidOperationException("boom");
                    }

                    c.ReportDiagnostic(Diagnostic.Create(Rule, c.Change.Address, c.Change.Address));
                },
                ChangeAction.Delete);
            context.RegisterPlanAction(_ => throw new FormatException("plan boom"));
        }
    }

    /// <summary>Counts its callbacks, and the times one started while another of its own was still running.</summary>
    private sealed class OverlapAnalyzer : PlanAnalyzer
    {
        private static readonly DiagnosticDescriptor Rule = new("TST005", "Overlap", "overlap", "Test", Severity.Warning, true, "Test.");
        private int inside;
        private int calls;
        private int overlaps;

        public int Calls => Volatile.Read(ref calls);

        public int Overlaps => Volatile.Read(ref overlaps);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Rule];

        public override void Initialize(AnalysisContext context)
        {
            context.RegisterResourceChangeAction(_ => Enter());
            context.RegisterPlanAction(_ => Enter());
            context.RegisterPlanAction(_ => Enter());
        }

        private void Enter()
        {
            if (Interlocked.Increment(ref inside) != 1)
            {
                Interlocked.Increment(ref overlaps);
            }

            Interlocked.Increment(ref calls);

            // Long enough for another thread to come in, if the engine let it.
            Thread.SpinWait(1000);
            Interlocked.Decrement(ref inside);
        }
    }

    /// <summary>Reports every change's category with an option of its own; the policy changes both.</summary>
    private sealed class CategoryAnalyzer : PlanAnalyzer
    {
        private static readonly DiagnosticDescriptor Rule = new("TST002", "Category", "{0} is {1}", "Test", Severity.Warning, true, "Test.");

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Rule];

        public override void Initialize(AnalysisContext context) => context.RegisterResourceChangeAction(c =>
        {
            var number = int.Parse(c.Change.Address.AsSpan(c.Change.Address.Length - 5), CultureInfo.InvariantCulture);
            if (number % c.GetOptions(Rule).GetInt("every", 3) == 0 || c.Change.Action != ChangeAction.NoOp)
            {
                c.ReportDiagnostic(Diagnostic.Create(Rule, c.Change.Address, c.Change.Address, c.Category.ToWireName()));
            }
        });
    }

    /// <summary>Says it has come, then waits a while for the other one to come too.</summary>
    private sealed class MeetingAnalyzer(TimeSpan patience) : PlanAnalyzer
    {
        private static readonly DiagnosticDescriptor Rule = new("TST006", "Meeting", "meeting", "Test", Severity.Warning, true, "Test.");
        private readonly ManualResetEventSlim arrived = new();

        public MeetingAnalyzer? Other { get; set; }

        public bool Met { get; private set; }

        public int Thread { get; private set; }

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Rule];

        public override void Initialize(AnalysisContext context) => context.RegisterPlanAction(_ =>
        {
            Thread = Environment.CurrentManagedThreadId;
            arrived.Set();
            Met = Other?.arrived.Wait(patience) ?? false;
        });
    }
}
