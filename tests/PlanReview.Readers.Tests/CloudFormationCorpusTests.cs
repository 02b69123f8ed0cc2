using PlanReview.Core.Model;

namespace PlanReview.Readers.Tests;

/// <summary>Every CloudFormation file of the public corpus reads, through the loader, with the counts of EXPECTED.tsv.</summary>
public sealed class CloudFormationCorpusTests
{
    /// <summary>
    /// Files whose counts differ from EXPECTED.tsv on purpose, and why. EXPECTED.tsv counts raw
    /// entries; PlanReview normalises. Today no file needs an exception: the corpus has no
    /// <c>Modify</c> + <c>Conditional</c> (which we count as update with MayReplace, EXPECTED as other),
    /// no <c>Import</c> (noop + importing here) and no <c>Dynamic</c> (unknown here).
    /// </summary>
    private static readonly Dictionary<string, (int[] Counts, string Why)> IntendedDifferences = new(StringComparer.Ordinal);

    /// <summary>The outputs of create-change-set: ids only, refused with an explanation.</summary>
    private static readonly HashSet<string> CreateChangeSetOutputs = new(StringComparer.Ordinal)
    {
        "cloudformation/cfn-awscli-create-change-set-output.json",
        "cloudformation/cfn-awsdocs-nested-create-change-set-output.json",
    };

    public static IEnumerable<object[]> Files() => CloudFormationPulumiPaths.CorpusFiles("cloudformation", odd: false);

    [CloudFormationPulumiCorpusTheory]
    [MemberData(nameof(Files))]
    public void Corpus_file_reads_with_expected_counts(string file)
    {
        var path = Path.Combine(CloudFormationPulumiPaths.CorpusRoot, file);
        if (CreateChangeSetOutputs.Contains(file))
        {
            var refused = Assert.Throws<PlanReadException>(() => PlanLoader.Default.Load(path));
            Assert.Contains("create-change-set", refused.Message, StringComparison.Ordinal);
            Assert.Contains("describe-change-set", refused.Message, StringComparison.Ordinal);
            return;
        }

        var plan = PlanLoader.Default.Load(path);
        Assert.Equal(PlanFormat.CloudFormation, plan.Format);
        var s = ChangeSummary.Of(plan);
        var actual = new[] { s.Create, s.Update, s.Delete, s.Replace, s.Read, s.NoOp };
        var expected = IntendedDifferences.TryGetValue(file, out var difference)
            ? difference.Counts
            : CloudFormationPulumiPaths.ExpectedCounts()[file];
        Assert.Equal(expected, actual);
        Assert.All(plan.Changes, c => Assert.StartsWith(plan.Stack + "/", c.Address, StringComparison.Ordinal));
    }

    [CloudFormationPulumiCorpusTheory]
    [MemberData(nameof(Files))]
    public void Corpus_file_classification_matches_the_counting_rules(string file)
    {
        // Every corpus file outside the create-change-set outputs is recognised as a change set.
        if (CreateChangeSetOutputs.Contains(file))
        {
            return;
        }

        var prefix = File.ReadAllText(Path.Combine(CloudFormationPulumiPaths.CorpusRoot, file));
        Assert.Equal(InputKind.CloudFormationChangeSet, FormatDetector.Detect(prefix));
    }
}
