using PlanReview.Core.Model;

namespace PlanReview.Readers.Tests.Support;

/// <summary>Reads the real plans under <c>tests/fixtures/terraform</c> through the loader, as the CLI does.</summary>
internal static class TerraformFixture
{
    public static Plan Load(string @case) => PlanLoader.Default.Load(TestPaths.TerraformFixture(@case));

    public static ResourceChange Change(this Plan plan, string address) =>
        Assert.Single(plan.Changes, c => c.Address == address && c.Deposed is null);

    /// <summary>The actions of the plan as <c>address action</c> lines, in document order, for compact assertions.</summary>
    public static string[] Actions(this Plan plan) =>
        plan.Changes.Select(c => $"{c.Key} {c.Action.ToWireName()}").ToArray();

    public static string[] Edges(this Plan plan, string source) =>
        plan.Dependencies.Where(e => e.Source == source).Select(e => $"{e.Dependent} -> {e.Dependency}").ToArray();
}
