using System.Collections.Immutable;
using PlanReview.Core.Analysis;
using PlanReview.Core.Graph;
using PlanReview.Core.Model;

namespace PlanReview.Rules.Destructive;

/// <summary>
/// PRV105: a resource is deleted because its block moved or was renamed, while a resource of the
/// same type is created elsewhere in the plan: a <c>moved</c> block was probably forgotten.
/// </summary>
public sealed class PRV105DeletionCausedByRefactor : PlanAnalyzer
{
    /// <summary>How alike the old and new attribute values must be (0 to 1) to pair resources whose names differ.</summary>
    public const string MinAttributeSimilarityOption = "min-attribute-similarity";

    public const double DefaultMinAttributeSimilarity = 0.5;

    public static readonly DiagnosticDescriptor Rule = new(
        RuleIds.DeletionCausedByRefactor,
        "Deletion caused by refactor",
        "{0} will be destroyed while {1} of the same type is created; {2}",
        "Destructive",
        Severity.Warning,
        true,
        "A resource is deleted because its configuration is gone (block removed or renamed, module removed or renamed, count/for_each added or removed) " +
        "and the same plan creates a resource of the same type whose name or attribute values match it. That is what a rename or a move into a module looks like " +
        "when the moved block (Terraform) or alias (Pulumi) was forgotten: the existing object is destroyed and an empty one is created in its place. " +
        "Each create is paired with at most one delete, the best match first (same name, then same base name, then most equal attributes).");

    /// <summary>Terraform reasons that mean "the configuration of this object is gone", as a rename or a move produces.</summary>
    private static readonly ImmutableHashSet<string> RefactorReasons = ImmutableHashSet.Create(
        StringComparer.Ordinal,
        "delete_because_no_resource_config",
        "delete_because_no_module",
        "delete_because_wrong_repetition");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Rule];

    public override void Initialize(AnalysisContext context) => context.RegisterPlanAction(c =>
    {
        var plan = c.Plan;
        var deletes = c.ChangesOf(ChangeAction.Delete)
            .Where(d => d is { IsManaged: true, Deposed: null } && (d.Reason is null || RefactorReasons.Contains(d.Reason)))
            .ToList();
        var creates = c.ChangesOf(ChangeAction.Create).Where(d => d.IsManaged).ToList();
        if (deletes.Count == 0 || creates.Count == 0)
        {
            return;
        }

        var minSimilarity = c.GetOptions(Rule).GetDouble(MinAttributeSimilarityOption, DefaultMinAttributeSimilarity);

        // Greedy best-first pairing over a total order: the result never depends on input order.
        // Resources are paired by address, so a paired address is kept as its rank.
        var deleteRanks = AddressRanks(deletes);
        var createRanks = AddressRanks(creates);
        var pairedDeletes = new bool[deletes.Count];
        var pairedCreates = new bool[creates.Count];
        foreach (var (d, k) in InPairingOrder(plan.Format, deletes, creates, deleteRanks, createRanks, minSimilarity))
        {
            if (pairedDeletes[deleteRanks[d]] || pairedCreates[createRanks[k]])
            {
                continue;
            }

            pairedDeletes[deleteRanks[d]] = true;
            pairedCreates[createRanks[k]] = true;
            var (delete, create) = (deletes[d], creates[k]);
            c.ReportDiagnostic(Diagnostic.Create(Rule, delete.Address, delete.Address, create.Address, Advice(plan.Format, delete.Address, create.Address)));
        }
    });

    /// <summary>
    /// Every (delete, create) pair of one type whose names match or whose attributes are alike enough, best first:
    /// name score, then similarity (both descending), then delete address, then create address.
    /// </summary>
    /// <remarks>
    /// A large plan has hundreds of thousands of such pairs but only a handful of distinct (score, similarity)
    /// values: the pairs are produced in address order and dropped into one bucket per value, which orders them
    /// without sorting them. Equal attributes are counted through an index of the new values, names read once per resource.
    /// </remarks>
    private static IEnumerable<(int Delete, int Create)> InPairingOrder(
        PlanFormat format, List<ResourceChange> deletes, List<ResourceChange> creates, int[] deleteRanks, int[] createRanks, double minSimilarity)
    {
        var deleteNames = deletes.Select(d => LocalName(format, d)).ToArray();
        var deleteBases = deleteNames.Select(WithoutKey).ToArray();
        var createNames = creates.Select(k => LocalName(format, k)).ToArray();
        var createBases = createNames.Select(WithoutKey).ToArray();
        var createsByType = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        foreach (var k in InRankOrder(createRanks))
        {
            if (!createsByType.TryGetValue(creates[k].Type, out var list))
            {
                createsByType[creates[k].Type] = list = [];
            }

            list.Add(k);
        }

        var indexes = new Dictionary<string, AttributeIndex>(StringComparer.Ordinal);
        var buckets = new Dictionary<(int NameScore, double Similarity), List<(int, int)>>();
        var sameAddress = new List<(int Delete, int Create, int NameScore, double Similarity)>();
        var deleteOrder = InRankOrder(deleteRanks);
        for (var first = 0; first < deleteOrder.Length;)
        {
            // Deletes that share an address (never in a valid plan) take turns by create address, as a sort by address would.
            var end = first + 1;
            while (end < deleteOrder.Length && deleteRanks[deleteOrder[end]] == deleteRanks[deleteOrder[first]])
            {
                end++;
            }

            sameAddress.Clear();
            for (var i = first; i < end; i++)
            {
                var d = deleteOrder[i];
                if (!createsByType.TryGetValue(deletes[d].Type, out var sameType))
                {
                    continue;
                }

                if (!indexes.TryGetValue(deletes[d].Type, out var index))
                {
                    indexes[deletes[d].Type] = index = new AttributeIndex(sameType.Select(k => creates[k].After).ToArray(), IsInformative);
                }

                var equal = index.CountEqual(deletes[d].Before);
                for (var position = 0; position < sameType.Count; position++)
                {
                    var k = sameType[position];
                    var nameScore = NameScore(deleteNames[d], deleteBases[d], createNames[k], createBases[k]);

                    // The share of the new object's known, non-empty top-level attributes whose value equals the old one's.
                    var compared = index.Counted(position);
                    var similarity = compared == 0 || deletes[d].Before is not PlanValue.ObjectValue ? 0 : (double)equal[position] / compared;
                    if (nameScore > 0 || similarity >= minSimilarity)
                    {
                        sameAddress.Add((d, k, nameScore, similarity));
                    }
                }
            }

            if (end - first > 1)
            {
                sameAddress.Sort((x, y) => (createRanks[x.Create], x.Delete, x.Create).CompareTo((createRanks[y.Create], y.Delete, y.Create)));
            }

            foreach (var (d, k, nameScore, similarity) in sameAddress)
            {
                if (!buckets.TryGetValue((nameScore, similarity), out var bucket))
                {
                    buckets[(nameScore, similarity)] = bucket = [];
                }

                bucket.Add((d, k));
            }

            first = end;
        }

        return buckets.OrderByDescending(b => b.Key.NameScore).ThenByDescending(b => b.Key.Similarity).SelectMany(b => b.Value);
    }

    /// <summary>The rank of each change's address in ordinal order; equal addresses share a rank.</summary>
    private static int[] AddressRanks(List<ResourceChange> changes)
    {
        var order = Enumerable.Range(0, changes.Count).ToArray();
        Array.Sort(order, (x, y) => string.CompareOrdinal(changes[x].Address, changes[y].Address));
        var ranks = new int[changes.Count];
        for (var i = 1; i < order.Length; i++)
        {
            var same = string.Equals(changes[order[i]].Address, changes[order[i - 1]].Address, StringComparison.Ordinal);
            ranks[order[i]] = ranks[order[i - 1]] + (same ? 0 : 1);
        }

        return ranks;
    }

    /// <summary>Indexes by rank, then by index.</summary>
    private static int[] InRankOrder(int[] ranks)
    {
        var order = Enumerable.Range(0, ranks.Length).ToArray();
        Array.Sort(order, (x, y) => (ranks[x], x).CompareTo((ranks[y], y)));
        return order;
    }

    private static string Advice(PlanFormat format, string from, string to) => format switch
    {
        PlanFormat.Terraform => $"if it was renamed or moved, a moved block (from = {from}, to = {to}) keeps the existing object",
        PlanFormat.Pulumi => "if it was renamed or moved, an alias on the new resource keeps the existing object",
        _ => "if the logical id was renamed, set DeletionPolicy Retain on the old one and import the object under the new id",
    };

    /// <summary>3: same name and key; 2: same name without the key; 1: one name contains the other; 0: unrelated.</summary>
    private static int NameScore(string deleted, string deletedBase, string created, string createdBase)
    {
        if (string.Equals(deleted, created, StringComparison.Ordinal))
        {
            return 3;
        }

        if (string.Equals(deletedBase, createdBase, StringComparison.Ordinal))
        {
            return 2;
        }

        // Case-insensitive ordinal matching keeps lengths, so only the longer name can contain the other (pairs are many).
        const int MinContained = 3;
        var (longer, shorter) = deletedBase.Length >= createdBase.Length ? (deletedBase, createdBase) : (createdBase, deletedBase);
        return shorter.Length >= MinContained && longer.Contains(shorter, StringComparison.OrdinalIgnoreCase) ? 1 : 0;
    }

    private static bool IsInformative(PlanValue value) => value switch
    {
        PlanValue.NullValue or PlanValue.UnknownValue or PlanValue.SensitiveValue => false,
        PlanValue.ListValue l => !l.Items.IsEmpty && l.Items.All(IsInformative),
        PlanValue.ObjectValue o => !o.Properties.IsEmpty && o.Properties.Values.All(v => v is PlanValue.NullValue || IsInformative(v)),
        _ => true,
    };

    /// <summary>The resource's own name within its address: Terraform <c>name[key]</c> after the type, the logical id, the Pulumi name.</summary>
    internal static string LocalName(PlanFormat format, ResourceChange change)
    {
        var address = change.Address;
        switch (format)
        {
            case PlanFormat.Terraform:
                var segments = AddressScheme.TopLevelSegments(address);
                var typeIndex = segments.FindLastIndex(s => string.Equals(s, change.Type, StringComparison.Ordinal));
                return typeIndex >= 0 && typeIndex + 1 < segments.Count ? string.Join(".", segments.Skip(typeIndex + 1)) : segments[^1];
            case PlanFormat.Pulumi:
                var colons = address.LastIndexOf("::", StringComparison.Ordinal);
                return colons < 0 ? address : address[(colons + 2)..];
            default:
                var slash = address.LastIndexOf('/');
                return slash < 0 ? address : address[(slash + 1)..];
        }
    }

    private static string WithoutKey(string name)
    {
        var bracket = name.IndexOf('[', StringComparison.Ordinal);
        return bracket < 0 ? name : name[..bracket];
    }
}
