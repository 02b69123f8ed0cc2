using PlanReview.Core.Model;
using PlanReview.Readers.Tests.Support;

namespace PlanReview.Readers.Tests;

/// <summary>
/// Conformance over the public Terraform corpus (<c>../shared/corpus/terraform</c>): every plan reads
/// with the counts of <c>EXPECTED.tsv</c>, and every deliberately broken input in <c>odd/</c> is refused
/// with a one-line message naming the file.
/// </summary>
public sealed class TerraformCorpusTests
{
    private const string Missing = "(corpus missing)";

    /// <summary>
    /// Files whose normalised counts legitimately differ from the mechanical ones, and why. EXPECTED.tsv
    /// counts any two-element action list as a replace, and so does the reader for every list Terraform and
    /// OpenTofu write (including ["create","forget"]), so no file differs today.
    /// </summary>
    private static readonly IReadOnlyDictionary<string, string> KnownDifferences = new Dictionary<string, string>(StringComparer.Ordinal);

    public static TheoryData<string> Plans() => Files(odd: false);

    public static TheoryData<string> OddFiles() => Files(odd: true);

    [CorpusTheory]
    [MemberData(nameof(Plans))]
    public void Plan_reads_with_the_expected_counts(string file)
    {
        Assert.NotEqual(Missing, file);
        Assert.False(KnownDifferences.ContainsKey(file), KnownDifferences.GetValueOrDefault(file));
        var expected = ExpectedCounts.Load()[file];

        var plan = PlanLoader.Default.Load(Path.Combine(TestPaths.Corpus, file));

        Assert.Equal(PlanFormat.Terraform, plan.Format);
        var actual = ChangeSummary.Of(plan);
        Assert.Equal(
            (expected.Create, expected.Update, expected.Delete, expected.Replace, expected.Read, expected.NoOp, expected.Other.GetValueOrDefault("forget")),
            (actual.Create, actual.Update, actual.Delete, actual.Replace, actual.Read, actual.NoOp, actual.Forget));

        // Any other raw list ends up as Unknown, never as a guess.
        var otherThanForget = expected.Other.Where(o => o.Key != "forget").Sum(o => o.Value);
        Assert.Equal(otherThanForget, actual.Unknown);
        Assert.Equal(plan.Changes.Length, expected.Create + expected.Update + expected.Delete + expected.Replace + expected.Read + expected.NoOp + expected.Other.Values.Sum());
    }

    [CorpusTheory]
    [MemberData(nameof(OddFiles))]
    public void Odd_file_is_refused_with_a_clear_message(string file)
    {
        Assert.NotEqual(Missing, file);
        var path = Path.Combine(TestPaths.Corpus, file);

        var ex = Assert.Throws<PlanReadException>(() => PlanLoader.Default.Load(path));

        Assert.StartsWith(path + ": ", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
        var expected = ExpectedCounts.Load()[file].Other.Keys.Single();
        var hint = expected switch
        {
            "state-document" => "Terraform state, not a plan",
            "invalid-json" when file.EndsWith(".txt", StringComparison.Ordinal) => "setup-terraform",
            "invalid-json" => "not valid JSON at line",
            _ => throw new InvalidOperationException($"no expectation for {expected}"),
        };
        Assert.Contains(hint, ex.Message, StringComparison.Ordinal);
    }

    [CorpusFact]
    public void Every_expected_row_has_a_file_and_every_file_a_row()
    {
        var expected = ExpectedCounts.Load().Keys.Where(k => k.StartsWith("terraform/", StringComparison.Ordinal)).Order(StringComparer.Ordinal);
        var files = Files(odd: false).Concat<object[]>(Files(odd: true)).Select(row => (string)row[0]).Order(StringComparer.Ordinal);

        Assert.Equal(expected, files);
        Assert.Equal(131, Files(odd: false).Count);
    }

    private static TheoryData<string> Files(bool odd)
    {
        var data = new TheoryData<string>();
        if (!TestPaths.CorpusExists)
        {
            data.Add(Missing);
            return data;
        }

        var folder = Path.Combine(TestPaths.Corpus, "terraform");
        var files = odd
            ? Directory.EnumerateFiles(Path.Combine(folder, "odd"))
            : Directory.EnumerateFiles(folder);
        foreach (var file in files.Select(f => Path.GetRelativePath(TestPaths.Corpus, f).Replace('\\', '/')).Order(StringComparer.Ordinal))
        {
            data.Add(file);
        }

        return data;
    }
}
