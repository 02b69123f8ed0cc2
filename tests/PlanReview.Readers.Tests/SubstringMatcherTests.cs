using CsCheck;
using PlanReview.Readers.Terraform;

namespace PlanReview.Readers.Tests;

/// <summary>The matcher that masks secrets inside longer strings must agree with the plain definition: some pattern is a substring.</summary>
public class SubstringMatcherTests
{
    // A small alphabet makes shared prefixes, shared windows, overlaps and hash-bucket neighbours common.
    private static readonly Gen<string> Text = Gen.String[Gen.Char['a', 'd'], 0, 20];
    private static readonly Gen<string> Pattern = Gen.String[Gen.Char['a', 'd'], SubstringMatcher.Window, 12];

    [Fact]
    public void Agrees_with_the_definition_on_random_patterns_and_texts() =>
        Gen.Select(Pattern.Array[1, 30], Text.Array[1, 20], Text.Array[1, 20]).Sample((patterns, befores, afters) =>
        {
            var matcher = new SubstringMatcher(patterns);

            // Random texts rarely contain a pattern; these put one (or a near miss: a pattern cut short) at every kind of position.
            var texts = befores.Zip(afters, (before, after) => (before, after))
                .SelectMany((pair, i) => new[]
                {
                    pair.before + pair.after,
                    pair.before + patterns[i % patterns.Length] + pair.after,
                    patterns[i % patterns.Length] + pair.after,
                    pair.before + patterns[i % patterns.Length],
                    pair.before + patterns[i % patterns.Length][1..] + pair.after,
                });
            foreach (var text in texts)
            {
                var expected = patterns.Any(p => text.Contains(p, StringComparison.Ordinal));
                Assert.Equal(expected, matcher.ContainsAny(text));
            }
        });

    [Fact]
    public void Finds_a_secret_among_thousands_that_share_a_prefix_and_a_suffix()
    {
        var patterns = Enumerable.Range(0, 5000).Select(i => $"arn:aws:iam::123456789012:role/r{i:D5}-suffix").ToArray();
        var matcher = new SubstringMatcher(patterns);

        Assert.True(matcher.ContainsAny("postgres://user:arn:aws:iam::123456789012:role/r04217-suffix@db"));
        Assert.False(matcher.ContainsAny("arn:aws:iam::123456789012:role/r99999-suffix"));
        Assert.False(matcher.ContainsAny("arn:aws:iam::123456789012:role/r0421-suffix"));
    }

    [Fact]
    public void Ignores_patterns_shorter_than_the_window()
    {
        var matcher = new SubstringMatcher(["abc", "abcdefgh"]);

        Assert.False(matcher.ContainsAny("xxabcxx"));
        Assert.True(matcher.ContainsAny("xxabcdefghxx"));
        Assert.False(new SubstringMatcher(["abc"]).ContainsAny("abcabc"));
        Assert.True(new SubstringMatcher(["abc"]).IsEmpty);
    }
}
