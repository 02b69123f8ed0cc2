using PlanReview.Core.Analysis;
using PlanReview.Core.Model;
using PlanReview.Rules.Destructive;
using PlanReview.Rules.Tests.Support;
using static PlanReview.Rules.Tests.Support.PlanValues;

namespace PlanReview.Rules.Tests.Destructive;

/// <summary>
/// PRV105 pairs deletes with creates best first without comparing or sorting every pair (a 100k-resource plan
/// has hundreds of thousands). On random small plans, built to collide (few types, names, keys and values,
/// repeated addresses), its pairs are those of the plain algorithm: score every pair, sort, take greedily.
/// </summary>
public sealed class PRV105PairingOrderTests
{
    private static readonly string[] Types = ["aws_s3_bucket", "aws_sqs_queue"];
    private static readonly string[] Names = ["logs", "logs_old", "log", "jobs", "jobs[0]", "jobs[\"a\"]", "ab", "x.y"];
    private static readonly string[] Modules = ["", "module.a.", "module.b[0]."];
    private static readonly string?[] Reasons = [null, "delete_because_no_resource_config", "delete_because_no_module", "delete_because_cannot_update"];
    private static readonly object?[] Values = ["v1", "v2", true, false, 3, null, PlanValue.Unknown, PlanValue.Sensitive];

    [Theory]
    [InlineData(PlanFormat.Terraform)]
    [InlineData(PlanFormat.Pulumi)]
    [InlineData(PlanFormat.CloudFormation)]
    public void Pairs_are_those_of_scoring_and_sorting_every_pair(PlanFormat format)
    {
        var random = new Random(105 + (int)format);
        var contested = 0;
        for (var round = 0; round < 300; round++)
        {
            var plan = RandomPlan(random, format);
            var minSimilarity = random.Next(4) / 4.0;
            var policy = RuleTester.ParsePolicy($"rules:\n  PRV105:\n    options:\n      min-attribute-similarity: {minSimilarity:0.00}\n");

            var actual = RuleTester.Run(plan, policy).Of(RuleIds.DeletionCausedByRefactor)
                .Select(d => (d.MessageArgs[0], d.MessageArgs[1]))
                .Order();

            var expected = Reference(plan, minSimilarity);
            Assert.Equal(expected.Order(), actual);
            contested += expected.Count >= 2 ? 1 : 0;
        }

        // The rounds are not vacuous: many pair several resources, where order decides.
        Assert.True(contested > 30, $"only {contested} rounds paired two or more resources");
    }

    private static Plan RandomPlan(Random random, PlanFormat format)
    {
        var builder = new PlanBuilder().Format(format);

        // Half the plans are crowded: two names, one module, so that several deletes share an address.
        var crowded = random.Next(2) == 0;
        var names = crowded ? Names[..2] : Names;
        var modules = crowded ? Modules[..1] : Modules;
        string Address(string type) => format switch
        {
            PlanFormat.Pulumi => $"urn:pulumi:dev::app::{type}::{names[random.Next(names.Length)]}",
            PlanFormat.CloudFormation => $"stack/{names[random.Next(names.Length)]}",
            _ => $"{modules[random.Next(modules.Length)]}{type}.{names[random.Next(names.Length)]}",
        };
        PlanValue Attributes() => random.Next(6) == 0
            ? PlanValue.From("not an object")
            : Obj([.. Enumerable.Range(0, random.Next(5)).Select(i => ($"k{random.Next(4)}", Values[random.Next(Values.Length)])).DistinctBy(p => p.Item1)]);

        for (var i = random.Next(2, 16); i > 0; i--)
        {
            var type = Types[random.Next(Types.Length)];
            _ = random.Next(3) switch
            {
                0 => builder.Create(Address(type), type, Attributes()),
                1 => builder.Delete(Address(type), type, Attributes(), Reasons[random.Next(Reasons.Length)]),
                _ => builder.Delete(Address(type), type, Attributes(), configure: c => c with { Deposed = random.Next(2) == 0 ? "d1" : null }),
            };
        }

        return builder.Build();
    }

    /// <summary>The rule's meaning, written the plain way: every pair scored, all candidates sorted, then taken greedily by address.</summary>
    private static List<(string Delete, string Create)> Reference(Plan plan, double minSimilarity)
    {
        string[] refactor = ["delete_because_no_resource_config", "delete_because_no_module", "delete_because_wrong_repetition"];
        var deletes = plan.Changes.Where(d => d is { IsManaged: true, Action: ChangeAction.Delete, Deposed: null } && (d.Reason is null || refactor.Contains(d.Reason))).ToArray();
        var creates = plan.Changes.Where(d => d is { IsManaged: true, Action: ChangeAction.Create }).ToArray();
        var candidates = new List<(ResourceChange Delete, ResourceChange Create, int NameScore, double Similarity)>();
        foreach (var delete in deletes)
        {
            foreach (var create in creates.Where(x => x.Type == delete.Type))
            {
                var nameScore = NameScore(
                    PRV105DeletionCausedByRefactor.LocalName(plan.Format, delete),
                    PRV105DeletionCausedByRefactor.LocalName(plan.Format, create));
                var similarity = Similarity(delete.Before, create.After);
                if (nameScore > 0 || similarity >= minSimilarity)
                {
                    candidates.Add((delete, create, nameScore, similarity));
                }
            }
        }

        var pairedDeletes = new HashSet<string>(StringComparer.Ordinal);
        var pairedCreates = new HashSet<string>(StringComparer.Ordinal);
        var pairs = new List<(string, string)>();
        foreach (var (delete, create, _, _) in candidates
            .OrderByDescending(x => x.NameScore)
            .ThenByDescending(x => x.Similarity)
            .ThenBy(x => x.Delete.Address, StringComparer.Ordinal)
            .ThenBy(x => x.Create.Address, StringComparer.Ordinal))
        {
            if (pairedDeletes.Contains(delete.Address) || pairedCreates.Contains(create.Address))
            {
                continue;
            }

            pairedDeletes.Add(delete.Address);
            pairedCreates.Add(create.Address);
            pairs.Add((delete.Address, create.Address));
        }

        return pairs;
    }

    private static int NameScore(string deleted, string created)
    {
        static string Base(string name) => name.Contains('[', StringComparison.Ordinal) ? name[..name.IndexOf('[', StringComparison.Ordinal)] : name;
        if (deleted == created)
        {
            return 3;
        }

        var (d, c) = (Base(deleted), Base(created));
        return d == c ? 2
            : d.Length >= 3 && c.Length >= 3 && (d.Contains(c, StringComparison.OrdinalIgnoreCase) || c.Contains(d, StringComparison.OrdinalIgnoreCase)) ? 1
            : 0;
    }

    private static double Similarity(PlanValue? before, PlanValue? after)
    {
        if (before is not PlanValue.ObjectValue old || after is not PlanValue.ObjectValue @new)
        {
            return 0;
        }

        // The random values are scalars: informative means known, not masked and not null.
        var informative = @new.Properties.Where(p => p.Value is not (PlanValue.NullValue or PlanValue.UnknownValue or PlanValue.SensitiveValue)).ToArray();
        return informative.Length == 0
            ? 0
            : (double)informative.Count(p => old.Properties.TryGetValue(p.Key, out var v) && Equals(v, p.Value)) / informative.Length;
    }
}
