using BenchmarkDotNet.Attributes;
using PlanReview.Core.Configuration;
using PlanReview.Core.Model;
using PlanReview.Readers;
using PlanReview.Rules;

namespace PlanReview.Benchmarks;

/// <summary>The Terraform reader (through <see cref="PlanLoader"/>, as the CLI uses it) on generated plans.</summary>
[MemoryDiagnoser]
public class ReaderBenchmarks
{
    private string path = string.Empty;

    [Params(1_000, 10_000)]
    public int Resources { get; set; }

    [GlobalSetup]
    public void Setup() => path = GeneratedPlans.Ensure(Resources);

    [Benchmark]
    public Plan Load() => PlanLoader.Default.Load(path);
}

/// <summary>The analysis engine (rules, blast radius, decision) over a plan already read.</summary>
[MemoryDiagnoser]
public class AnalysisBenchmarks
{
    private readonly PlanReview.Core.Analysis.PlanAnalysisEngine engine = BuiltInRules.CreateEngine();
    private Plan plan = null!;

    [Params(1_000, 10_000)]
    public int Resources { get; set; }

    [GlobalSetup]
    public void Setup() => plan = PlanLoader.Default.Load(GeneratedPlans.Ensure(Resources));

    [Benchmark]
    public PlanReview.Core.Analysis.Decision Analyze() => engine.Analyze([plan], Policy.Default).Decision;
}

/// <summary>
/// The engine's own work on a plan already read, without rules: addresses, categories, dependency graph and
/// blast radius, policy. What every analysis pays before the first rule runs.
/// </summary>
[MemoryDiagnoser]
public class EngineBenchmarks
{
    private Plan plan = null!;

    [Params(10_000)]
    public int Resources { get; set; }

    [GlobalSetup]
    public void Setup() => plan = PlanLoader.Default.Load(GeneratedPlans.Ensure(Resources));

    [Benchmark]
    public PlanReview.Core.Graph.BlastRadius BlastRadius() => PlanReview.Core.Graph.BlastRadius.Compute(plan);

    [Benchmark]
    public PlanReview.Core.Analysis.Decision WithoutRules() => new PlanReview.Core.Analysis.PlanAnalysisEngine([]).Analyze([plan], Policy.Default).Decision;
}

/// <summary>Generated plans are cached in the temp folder: the same seed always writes the same bytes.</summary>
internal static class GeneratedPlans
{
    public const int Seed = 42;

    public static string Ensure(int resources)
    {
        var path = Path.Combine(Path.GetTempPath(), $"planreview-bench-{resources}-{Seed}.json");
        if (!File.Exists(path))
        {
            var partial = path + ".partial";
            new PlanGenerator(resources, Seed).WriteTo(partial);
            File.Move(partial, path, overwrite: true);
        }

        return path;
    }
}
