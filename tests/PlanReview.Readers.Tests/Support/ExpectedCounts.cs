using System.Collections.Immutable;
using System.Globalization;

namespace PlanReview.Readers.Tests.Support;

/// <summary>One row of the corpus's <c>EXPECTED.tsv</c>: mechanical counts of the raw action lists.</summary>
internal sealed record ExpectedCounts(
    string File, int Create, int Update, int Delete, int Replace, int Read, int NoOp, ImmutableSortedDictionary<string, int> Other)
{
    public static ImmutableDictionary<string, ExpectedCounts> Load()
    {
        var rows = ImmutableDictionary.CreateBuilder<string, ExpectedCounts>(StringComparer.Ordinal);
        foreach (var line in System.IO.File.ReadLines(Path.Combine(TestPaths.Corpus, "EXPECTED.tsv")).Skip(1))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var cells = line.Split('\t');
            int At(int i) => int.Parse(cells[i], NumberStyles.None, CultureInfo.InvariantCulture);
            var other = ImmutableSortedDictionary.CreateBuilder<string, int>(StringComparer.Ordinal);
            if (cells.Length > 7)
            {
                foreach (var pair in cells[7].Split(';', StringSplitOptions.RemoveEmptyEntries))
                {
                    var eq = pair.IndexOf('=', StringComparison.Ordinal);
                    other[pair[..eq]] = int.Parse(pair[(eq + 1)..], NumberStyles.None, CultureInfo.InvariantCulture);
                }
            }

            rows[cells[0]] = new ExpectedCounts(cells[0], At(1), At(2), At(3), At(4), At(5), At(6), other.ToImmutable());
        }

        return rows.ToImmutable();
    }
}
