using System.Text;
using PlanReview.Core.Model;
using PlanReview.Readers.Terraform;
using PlanReview.Readers.Tests.Support;

namespace PlanReview.Readers.Tests;

/// <summary>
/// A large plan read from a file is read in two halves at once (<see cref="TerraformPlanReader.SplitThresholdBytes"/>);
/// these lower the threshold to zero and check that the two-half read gives exactly the one-thread plan,
/// errors included, whether the split point is taken or turns out to be no item boundary at all.
/// </summary>
public sealed class TerraformSplitReadTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("planreview-split-").FullName;

    public static TheoryData<string> FixturePlans()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(TestPaths.Fixtures, "terraform"), "*.json", SearchOption.AllDirectories)
                     .Where(f => !f.Contains("not-a-plan", StringComparison.Ordinal))
                     .Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(TestPaths.Fixtures, file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(FixturePlans))]
    public void Every_real_fixture_reads_the_same_in_two_halves(string fixture)
    {
        var path = Path.Combine(TestPaths.Fixtures, fixture);

        Assert.Equal(Dump(ReadWhole(path)), Dump(ReadSplit(path, out _)));
    }

    [CorpusTheory]
    [MemberData(nameof(TerraformCorpusTests.Plans), MemberType = typeof(TerraformCorpusTests))]
    public void Every_corpus_plan_reads_the_same_in_two_halves(string file)
    {
        var path = Path.Combine(TestPaths.Corpus, file);

        Assert.Equal(Dump(ReadWhole(path)), Dump(ReadSplit(path, out _)));
    }

    [Fact]
    public void A_plan_with_many_changes_is_split_and_reads_the_same()
    {
        var path = Write(GeneratedPlan(items: 400));

        var split = ReadSplit(path, out var outcome);

        Assert.True(outcome.Taken, $"the split at {outcome.Offset} was not taken");
        Assert.Equal(Dump(ReadWhole(path)), Dump(split));
        Assert.Equal(400, split.Changes.Length);
    }

    [Fact]
    public void A_configuration_before_the_changes_keeps_its_edges_when_the_second_half_sorted_its_own()
    {
        // The second half sorts the edges it read (the prior state's) while the first reads on; here the first
        // half read the configuration, so the plan's edges are both halves' and must be sorted together.
        var path = Write(GeneratedPlan(items: 400, configurationFirst: true));

        var split = ReadSplit(path, out var outcome);

        Assert.True(outcome.Taken, $"the split at {outcome.Offset} was not taken");
        Assert.Equal(Dump(ReadWhole(path)), Dump(split));
        Assert.Contains(split.Dependencies, e => e.Source == "configuration");
        Assert.Contains(split.Dependencies, e => e.Source != "configuration");
    }

    [Fact]
    public void A_plan_large_enough_to_be_masked_on_two_threads_is_masked_as_by_one()
    {
        // Past 20,000 changes a split read masks the changes in two halves at once; a whole read here masks them
        // on one thread (its edges are sorted on the other core). Every note quotes another change's password.
        var path = Write(GeneratedPlan(items: 20_010));

        var split = ReadSplit(path, out var outcome);

        Assert.True(outcome.Taken, $"the split at {outcome.Offset} was not taken");
        Assert.Equal(Dump(ReadWhole(path)), Dump(split));
        Assert.All(split.Changes, c => Assert.DoesNotContain("password-secret", c.Before?.Get("note")?.ToString() ?? string.Empty, StringComparison.Ordinal));
    }

    [Fact]
    public void A_plan_with_a_byte_order_mark_is_split_at_the_same_place_in_the_document()
    {
        var path = Path.Combine(folder, "bom.json");
        File.WriteAllText(path, GeneratedPlan(items: 400), new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));

        var split = ReadSplit(path, out var outcome);

        Assert.True(outcome.Taken, $"the split at {outcome.Offset} was not taken");
        Assert.Equal(Dump(ReadWhole(path)), Dump(split));
    }

    [Fact]
    public void A_split_point_inside_a_value_is_not_taken_and_the_plan_is_the_same()
    {
        // One change whose value holds a list of objects with an "address" key, long enough to hold the
        // middle of the file: the byte pattern is found there, but no resource_changes item starts there.
        var decoys = string.Join(",", Enumerable.Range(0, 3000).Select(i => $"{{\"address\":\"decoy-{i}\"}}"));
        var json = "{\"format_version\":\"1.2\",\"resource_changes\":[" +
                   "{\"address\":\"a.first\",\"type\":\"a\",\"change\":{\"actions\":[\"update\"],\"before\":{\"l\":[]},\"after\":{\"l\":[" + decoys + "]}}}," +
                   "{\"address\":\"a.second\",\"type\":\"a\",\"change\":{\"actions\":[\"delete\"],\"before\":{},\"after\":null}}]}";
        var path = Write(json);

        var split = ReadSplit(path, out var outcome);

        Assert.True(outcome.Offset > 0, "the decoy pattern was not found, so this test does not test the check");
        Assert.False(outcome.Taken);
        Assert.Equal(Dump(ReadWhole(path)), Dump(split));
    }

    [Fact]
    public void An_error_after_the_split_point_is_reported_as_by_one_read()
    {
        var plan = GeneratedPlan(items: 400);
        var last = plan.IndexOf("{\"address\":\"aws_db_instance.db_399\",\"mode\":\"managed\",\"type\":\"aws_db_instance\",\"name\":\"db_399\",\"provider_name\"", StringComparison.Ordinal);
        var broken = plan[..last] + "{\"addr\":\"" + plan[(last + "{\"address\":\"".Length)..];
        var path = Write(broken);

        var whole = Assert.Throws<PlanReadException>(() => ReadWhole(path)).Message;
        var split = Assert.Throws<PlanReadException>(() => ReadSplit(path, out _)).Message;

        Assert.Contains("without an address (line 1, column", whole, StringComparison.Ordinal);
        Assert.Equal(whole, split);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static Plan ReadWhole(string path) => new PlanLoader([new TerraformPlanReader(long.MaxValue)]).Load(path);

    private static Plan ReadSplit(string path, out (long Offset, bool Taken) outcome)
    {
        (long, bool) seen = (-1, false);
        var plan = new PlanLoader([new TerraformPlanReader(0, (offset, taken) => seen = (offset, taken))]).Load(path);
        outcome = seen;
        return plan;
    }

    private static string Dump(Plan plan) => ModelDump.Of(plan with { Source = "(same file)" });

    private string Write(string json)
    {
        var path = Path.Combine(folder, $"plan-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json, new UTF8Encoding(false));
        return path;
    }

    /// <summary>
    /// A plan with every section the reader reads, in Terraform's order (or with the configuration first). Changes before the middle copy secrets
    /// that only the prior state, after it, marks sensitive: the halves must share what they found.
    /// </summary>
    private static string GeneratedPlan(int items, bool configurationFirst = false)
    {
        string[] actions = ["[\"no-op\"]", "[\"update\"]", "[\"delete\"]", "[\"delete\",\"create\"]", "[\"create\"]"];
        var changes = new StringBuilder();
        var planned = new StringBuilder();
        var state = new StringBuilder();
        var config = new StringBuilder();
        for (var i = 0; i < items; i++)
        {
            var address = $"aws_db_instance.db_{i}";
            var separator = i == 0 ? string.Empty : ",";
            var secret = $"password-secret-{i:D4}";
            changes.Append(separator).Append($"{{\"address\":\"{address}\",\"mode\":\"managed\",\"type\":\"aws_db_instance\",\"name\":\"db_{i}\",\"provider_name\":\"registry.terraform.io/hashicorp/aws\",\"change\":{{\"actions\":{actions[i % actions.Length]},\"before\":{{\"password\":\"{secret}\",\"note\":\"uses password-secret-{(i + 7) % items:D4}\",\"size\":{i}}},\"after\":{{\"password\":\"{secret}\",\"note\":\"x\",\"size\":{i + 1}}},\"after_unknown\":{{}},\"before_sensitive\":{{\"password\":true}},\"after_sensitive\":{{\"password\":true}}}}}}");
            planned.Append(separator).Append($"{{\"address\":\"{address}\",\"mode\":\"managed\",\"type\":\"aws_db_instance\",\"name\":\"db_{i}\",\"values\":{{\"size\":{i}}}}}");
            state.Append(separator).Append($"{{\"address\":\"{address}\",\"mode\":\"managed\",\"type\":\"aws_db_instance\",\"name\":\"db_{i}\",\"values\":{{\"password\":\"{secret}\"}},\"sensitive_values\":{{\"password\":true}},\"depends_on\":[\"aws_subnet.s_{i % 10}\"]}}");
            config.Append(separator).Append($"{{\"address\":\"{address}\",\"mode\":\"managed\",\"type\":\"aws_db_instance\",\"name\":\"db_{i}\",\"expressions\":{{\"subnet\":{{\"references\":[\"aws_subnet.s_{i % 10}.id\",\"aws_subnet.s_{i % 10}\"]}}}}}}");
        }

        var configuration = "\"configuration\":{\"root_module\":{\"resources\":[" + config + "]}},";
        return "{\"format_version\":\"1.2\",\"terraform_version\":\"1.11.4\",\"variables\":{\"region\":{\"value\":\"eu-west-1\"}}," +
               (configurationFirst ? configuration : string.Empty) +
               "\"planned_values\":{\"root_module\":{\"resources\":[" + planned + "]}}," +
               "\"resource_changes\":[" + changes + "]," +
               "\"output_changes\":{\"endpoint\":{\"actions\":[\"no-op\"],\"before\":\"e\",\"after\":\"e\",\"after_unknown\":false,\"before_sensitive\":false,\"after_sensitive\":false}}," +
               "\"prior_state\":{\"format_version\":\"1.0\",\"values\":{\"root_module\":{\"resources\":[" + state + "]}}}," +
               (configurationFirst ? string.Empty : configuration) +
               "\"checks\":[],\"timestamp\":\"2026-11-24T00:00:00Z\",\"applyable\":true,\"complete\":true,\"errored\":false}";
    }
}
