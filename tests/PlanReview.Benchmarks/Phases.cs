using System.Diagnostics;
using System.Globalization;
using Newtonsoft.Json;
using PlanReview.Core.Analysis;
using PlanReview.Core.Configuration;
using PlanReview.Readers;
using PlanReview.Reporting.Json;
using PlanReview.Reporting.Model;
using PlanReview.Rules;

namespace PlanReview.Benchmarks;

/// <summary>
/// <c>phases FILE</c>: one pass of each stage with a stopwatch and the allocated bytes, to see where the
/// time of a whole-process run goes (BenchmarkDotNet is the precise tool; this is the quick one).
/// </summary>
internal static class Phases
{
    public static void Run(string path)
    {
        Measure("tokens only (JsonTextReader, lower bound)", () =>
        {
            using var text = new StreamReader(path);
            using var json = new JsonTextReader(text) { DateParseHandling = DateParseHandling.None, FloatParseHandling = FloatParseHandling.Decimal };
            var n = 0L;
            while (json.Read())
            {
                n++;
            }

            return n;
        });
        var plan = Measure("PlanLoader.Load", () => PlanLoader.Default.Load(path));
        // PHASES_THREADS=1 analyses on one thread, to compare with the concurrent engine in the same build.
        var threads = int.TryParse(Environment.GetEnvironmentVariable("PHASES_THREADS"), CultureInfo.InvariantCulture, out var configured) ? configured : Environment.ProcessorCount;
        var engine = new PlanAnalysisEngine(BuiltInRules.All) { MaxDegreeOfParallelism = threads };
        var result = Measure($"engine.Analyze ({threads} threads)", () => engine.Analyze([plan], Policy.Default));
        if (Environment.GetEnvironmentVariable("PHASES_PER_RULE") == "1")
        {
            Measure("engine without rules (blast radius, categories)", () => new PlanAnalysisEngine([]).Analyze([plan], Policy.Default));
            foreach (var analyzer in BuiltInRules.All)
            {
                Measure("  " + analyzer.GetType().Name, () => new PlanAnalysisEngine([analyzer]).Analyze([plan], Policy.Default));
            }
        }

        var report = Measure("ReportBuilder.Build", () => ReportBuilder.Build(result, engine.Descriptors));
        Measure("JsonReportWriter.Write", () =>
        {
            JsonReportWriter.Write(report, TextWriter.Null);
            return 0;
        });
    }

    private static T Measure<T>(string name, Func<T> action)
    {
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var watch = Stopwatch.StartNew();
        var result = action();
        watch.Stop();
        var megabytes = (GC.GetAllocatedBytesForCurrentThread() - allocated) / (1024.0 * 1024.0);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name,-45} {watch.Elapsed.TotalMilliseconds,9:F0} ms {megabytes,9:F0} MB allocated; GC so far: {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)} (gen0/1/2), paused {GC.GetTotalPauseDuration().TotalMilliseconds:F0} ms"));
        return result;
    }
}
