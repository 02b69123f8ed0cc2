using PlanReview.Core.Model;

namespace PlanReview.Readers.Tests;

/// <summary>Every Pulumi file of the public corpus reads, through the loader, with the counts of EXPECTED.tsv; odd/ is refused.</summary>
public sealed class PulumiCorpusTests
{
    /// <summary>
    /// Files whose counts (create, update, delete, replace, read, noop) differ from EXPECTED.tsv on
    /// purpose. EXPECTED.tsv counts one row per raw step and puts every op other than the six in
    /// "other"; PlanReview folds the physical replacement steps into the replace of the same URN
    /// (which leaves the six columns unchanged) and gives the remaining ops a meaning.
    /// </summary>
    private static readonly Dictionary<string, (int[] Counts, string Why)> IntendedDifferences = new(StringComparer.Ordinal)
    {
        ["pulumi/pulumi-eventlog-lifecycle-import.jsonl"] = (
            [0, 0, 0, 0, 0, 1],
            "`import` is a noop with Importing = true (an existing object is adopted); EXPECTED counts it as other"),
        ["pulumi/pulumi-eventlog-dynamic-provider-secret-delete-replaced.jsonl"] = (
            [0, 1, 1, 0, 0, 1],
            "a `delete-replaced` with no `replace` deletes the old object of an earlier replacement: a delete of a pending (deposed-like) object; EXPECTED counts it as other"),
    };

    public static IEnumerable<object[]> Files() => CloudFormationPulumiPaths.CorpusFiles("pulumi", odd: false)
        .Where(row => !((string)row[0]).EndsWith("/odd", StringComparison.Ordinal));

    public static IEnumerable<object[]> OddFiles() => CloudFormationPulumiPaths.CorpusFiles("pulumi", odd: true);

    [CloudFormationPulumiCorpusTheory]
    [MemberData(nameof(Files))]
    public void Corpus_file_reads_with_expected_counts(string file)
    {
        var plan = PlanLoader.Default.Load(Path.Combine(CloudFormationPulumiPaths.CorpusRoot, file));
        Assert.Equal(PlanFormat.Pulumi, plan.Format);
        var s = ChangeSummary.Of(plan);
        var actual = new[] { s.Create, s.Update, s.Delete, s.Replace, s.Read, s.NoOp };
        var expected = IntendedDifferences.TryGetValue(file, out var difference)
            ? difference.Counts
            : CloudFormationPulumiPaths.ExpectedCounts()[file];
        Assert.Equal(expected, actual);
        Assert.All(plan.Changes, c => Assert.StartsWith("urn:pulumi:", c.Address, StringComparison.Ordinal));
    }

    [CloudFormationPulumiCorpusTheory]
    [MemberData(nameof(Files))]
    public void Corpus_file_leaks_no_secret_object(string file)
    {
        var plan = PlanLoader.Default.Load(Path.Combine(CloudFormationPulumiPaths.CorpusRoot, file));
        foreach (var change in plan.Changes)
        {
            foreach (var value in new[] { change.Before, change.After })
            {
                if (value is not null)
                {
                    Assert.DoesNotContain(value.Strings(), s => s is "[secret]" or "1b47061264138c4ac30d75fd1eb44270");
                }
            }
        }
    }

    [CloudFormationPulumiCorpusTheory]
    [MemberData(nameof(OddFiles))]
    public void Odd_corpus_file_is_refused(string file)
    {
        var refused = Assert.Throws<PlanReadException>(() => PlanLoader.Default.Load(Path.Combine(CloudFormationPulumiPaths.CorpusRoot, file)));
        Assert.Contains("one JSON object per line expected (as written by --event-log)", refused.Message, StringComparison.Ordinal);
    }
}
