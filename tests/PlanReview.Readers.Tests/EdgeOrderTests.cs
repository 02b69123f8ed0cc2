using CsCheck;
using PlanReview.Core.Model;
using PlanReview.Readers.Terraform;

namespace PlanReview.Readers.Tests;

/// <summary>Edges come out as the plain definition has them: ordinal order, each edge once, equal texts equal whatever their instance.</summary>
public class EdgeOrderTests
{
    // Addresses that share long prefixes and differ late, as a plan's do; a few, so that edges repeat.
    private static readonly Gen<string> Address = Gen.Int[0, 12].Select(i => $"module.stack_0001.aws_s3_bucket.b{i % 7}{(i > 9 ? "[\"é\"]" : string.Empty)}");
    private static readonly Gen<string> Source = Gen.OneOf<string>("prior_state.depends_on", "configuration", "configurationZ");

    // Every text is copied, so that equal texts are different instances (the reader pools most, not all).
    private static readonly Gen<(string, string, string)[]> Edges =
        Gen.Select(Address, Address, Source).Select((a, b, s) => (new string(a.AsSpan()), new string(b.AsSpan()), new string(s.AsSpan()))).Array[0, 60];

    [Fact]
    public void Sorts_and_removes_repeats_like_the_definition() =>
        Edges.Sample(edges =>
        {
            var expected = edges
                .Order(Comparer<(string Dependent, string Dependency, string Source)>.Create(static (x, y) =>
                {
                    var order = string.CompareOrdinal(x.Dependent, y.Dependent);
                    order = order != 0 ? order : string.CompareOrdinal(x.Dependency, y.Dependency);
                    return order != 0 ? order : string.CompareOrdinal(x.Source, y.Source);
                }))
                .Distinct()
                .Select(e => new DependencyEdge(e.Item1, e.Item2, e.Item3))
                .ToList();

            Assert.Equal(expected, EdgeOrder.SortedDistinct(edges));
        });

    [Fact]
    public void Equal_texts_that_are_different_strings_are_one_edge()
    {
        var edges = new[] { ("a.b", "c.d", "configuration"), (new string("a.b".AsSpan()), new string("c.d".AsSpan()), "configuration") };

        Assert.Single(EdgeOrder.SortedDistinct(edges));
    }
}
