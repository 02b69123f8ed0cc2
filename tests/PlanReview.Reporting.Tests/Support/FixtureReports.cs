using PlanReview.Core.Analysis;
using PlanReview.Core.Configuration;
using PlanReview.Core.Model;
using PlanReview.Readers;
using PlanReview.Reporting.Model;
using PlanReview.Rules;

namespace PlanReview.Reporting.Tests.Support;

/// <summary>
/// Real plans from <c>tests/fixtures/terraform/*/plan.json</c> (made by the terraform binary), read by the
/// real reader and analysed by the built-in rules: the inputs of the golden-file tests.
/// </summary>
internal static class FixtureReports
{
    private static readonly PlanAnalysisEngine Engine = BuiltInRules.CreateEngine();

    /// <summary>The fixture's plan, named by its repository-relative path so that reports do not depend on the checkout's location.</summary>
    public static Plan LoadPlan(string fixture)
    {
        var relative = $"tests/fixtures/terraform/{fixture}/plan.json";
        using var stream = File.OpenRead(Path.Combine(RepoPaths.TerraformFixture(fixture), "plan.json"));
        return PlanLoader.Default.Load(stream, relative);
    }

    public static AnalysisResult Analyze(string fixture) => Analyze(LoadPlan(fixture));

    public static AnalysisResult Analyze(Plan plan) => Engine.Analyze([plan], Policy.Default);

    public static Report Report(string fixture) => Build(Analyze(fixture));

    public static Report Build(AnalysisResult result) => ReportBuilder.Build(result, Engine.Descriptors);
}
