using CsCheck;
using PlanReview.Core.Model;

namespace PlanReview.Core.Tests;

/// <summary>Object properties kept as sorted arrays must behave as the dictionary they stand for: JSON's "last key wins", ordinal order.</summary>
public class PlanPropertiesTests
{
    // Few distinct keys, so repeats are common; sizes on both sides of the scan/search threshold.
    private static readonly Gen<string> Key = Gen.String[Gen.Char["abcdeABé_"], 0, 3];
    private static readonly Gen<KeyValuePair<string, PlanValue>[]> Pairs =
        Gen.Select(Key, Gen.Int[0, 1000]).Select((k, v) => KeyValuePair.Create(k, (PlanValue)new PlanValue.NumberValue(v.ToString(System.Globalization.CultureInfo.InvariantCulture)))).Array[0, 40];

    [Fact]
    public void Agree_with_a_dictionary_where_the_last_write_wins() =>
        Gen.Select(Pairs, Key.Array[0, 10]).Sample((pairs, probes) =>
        {
            var expected = new Dictionary<string, PlanValue>(StringComparer.Ordinal);
            foreach (var (key, value) in pairs)
            {
                expected[key] = value;
            }

            var properties = PlanProperties.Create(pairs);

            Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), properties.Keys);
            Assert.Equal(expected.Count, properties.Count);
            foreach (var probe in probes.Concat(pairs.Select(p => p.Key)))
            {
                Assert.Equal(expected.TryGetValue(probe, out var want), properties.TryGetValue(probe, out var got));
                Assert.Same(want, got);
                Assert.Equal(expected.ContainsKey(probe), properties.ContainsKey(probe));
            }
        });

    [Fact]
    public void Sorted_arrays_are_taken_as_they_are_and_unsorted_ones_are_ordered()
    {
        var sorted = PlanProperties.FromArrays(["a", "b", "c"], [PlanValue.True, PlanValue.False, PlanValue.Null]);
        Assert.Equal(["a", "b", "c"], sorted.Keys);

        var shuffled = PlanProperties.FromArrays(["c", "a", "b"], [PlanValue.True, PlanValue.False, PlanValue.Null]);
        Assert.Equal(["a", "b", "c"], shuffled.Keys);
        Assert.Equal([PlanValue.False, PlanValue.Null, PlanValue.True], shuffled.Values);

        var unsorted = PlanProperties.FromArrays(["b", "a", "b"], [PlanValue.True, PlanValue.False, PlanValue.Null]);
        Assert.Equal(["a", "b"], unsorted.Keys);
        Assert.Same(PlanValue.Null, unsorted["b"]);
        Assert.Throws<KeyNotFoundException>(() => unsorted["c"]);
    }

    [Fact]
    public void Map_returns_the_same_instance_when_nothing_changes()
    {
        var properties = PlanProperties.Create([KeyValuePair.Create("a", PlanValue.True), KeyValuePair.Create("b", PlanValue.False)]);

        Assert.Same(properties, properties.Map(0, static (_, _, value) => value));

        var mapped = properties.Map("b", static (changed, key, value) => key == changed ? PlanValue.Sensitive : value);
        Assert.NotSame(properties, mapped);
        Assert.Same(PlanValue.Sensitive, mapped["b"]);
        Assert.Same(PlanValue.True, mapped["a"]);
        Assert.Same(PlanValue.False, properties["b"]);
    }

    [Fact]
    public void SetItems_replaces_and_adds_in_order()
    {
        var properties = PlanProperties.Create([KeyValuePair.Create("b", PlanValue.True), KeyValuePair.Create("d", PlanValue.True)]);

        var set = properties.SetItems([KeyValuePair.Create("d", PlanValue.Unknown), KeyValuePair.Create("a", PlanValue.Unknown)]);

        Assert.Equal(["a", "b", "d"], set.Keys);
        Assert.Same(PlanValue.Unknown, set["d"]);
        Assert.Same(properties, properties.SetItems([]));
    }

    [Fact]
    public void Objects_are_equal_by_content_whatever_the_order_they_were_written_in()
    {
        var one = new PlanValue.ObjectValue([KeyValuePair.Create("x", PlanValue.From("1")), KeyValuePair.Create("y", PlanValue.True)]);
        var other = new PlanValue.ObjectValue([KeyValuePair.Create("y", PlanValue.True), KeyValuePair.Create("x", PlanValue.From("1"))]);
        var different = new PlanValue.ObjectValue([KeyValuePair.Create("y", PlanValue.True), KeyValuePair.Create("x", PlanValue.From("2"))]);
        var renamed = new PlanValue.ObjectValue([KeyValuePair.Create("y", PlanValue.True), KeyValuePair.Create("z", PlanValue.From("1"))]);

        Assert.Equal<PlanValue>(one, other);
        Assert.NotEqual<PlanValue>(one, different);
        Assert.NotEqual<PlanValue>(one, renamed);
    }
}
