using System.Collections.Immutable;
using PlanReview.Core.Analysis;
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
        var deletes = plan.Changes
            .Where(d => d is { IsManaged: true, Action: ChangeAction.Delete, Deposed: null } && (d.Reason is null || RefactorReasons.Contains(d.Reason)))
            .ToArray();
        var creates = plan.Changes.Where(d => d is { IsManaged: true, Action: ChangeAction.Create }).ToArray();
        if (deletes.Length == 0 || creates.Length == 0)
        {
            return;
        }

        var minSimilarity = c.GetOptions(Rule).GetDouble(MinAttributeSimilarityOption, DefaultMinAttributeSimilarity);
        var candidates = new List<(ResourceChange Delete, ResourceChange Create, int NameScore, double Similarity)>();
        foreach (var delete in deletes)
        {
            foreach (var create in creates.Where(x => string.Equals(x.Type, delete.Type, StringComparison.Ordinal)))
            {
                var nameScore = NameScore(LocalName(plan.Format, delete), LocalName(plan.Format, create));
                var similarity = Similarity(delete.Before, create.After);
                if (nameScore > 0 || similarity >= minSimilarity)
                {
                    candidates.Add((delete, create, nameScore, similarity));
                }
            }
        }

        // Greedy best-first pairing over a total order: the result never depends on input order.
        var pairedDeletes = new HashSet<string>(StringComparer.Ordinal);
        var pairedCreates = new HashSet<string>(StringComparer.Ordinal);
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
            c.ReportDiagnostic(Diagnostic.Create(Rule, delete.Address, delete.Address, create.Address, Advice(plan.Format, delete.Address, create.Address)));
        }
    });

    private static string Advice(PlanFormat format, string from, string to) => format switch
    {
        PlanFormat.Terraform => $"if it was renamed or moved, a moved block (from = {from}, to = {to}) keeps the existing object",
        PlanFormat.Pulumi => "if it was renamed or moved, an alias on the new resource keeps the existing object",
        _ => "if the logical id was renamed, set DeletionPolicy Retain on the old one and import the object under the new id",
    };

    /// <summary>3: same name and key; 2: same name without the key; 1: one name contains the other; 0: unrelated.</summary>
    private static int NameScore(string deleted, string created)
    {
        if (string.Equals(deleted, created, StringComparison.Ordinal))
        {
            return 3;
        }

        var deletedBase = WithoutKey(deleted);
        var createdBase = WithoutKey(created);
        if (string.Equals(deletedBase, createdBase, StringComparison.Ordinal))
        {
            return 2;
        }

        const int MinContained = 3;
        return deletedBase.Length >= MinContained && createdBase.Length >= MinContained &&
            (deletedBase.Contains(createdBase, StringComparison.OrdinalIgnoreCase) || createdBase.Contains(deletedBase, StringComparison.OrdinalIgnoreCase))
            ? 1
            : 0;
    }

    /// <summary>
    /// The share of the new object's known, non-empty top-level attributes whose value equals the old one's.
    /// Unknown and sensitive values say nothing about identity, so they are left out.
    /// </summary>
    private static double Similarity(PlanValue? before, PlanValue? after)
    {
        if (before is not PlanValue.ObjectValue old || after is not PlanValue.ObjectValue @new)
        {
            return 0;
        }

        int compared = 0, equal = 0;
        foreach (var (key, value) in @new.Properties)
        {
            if (!IsInformative(value))
            {
                continue;
            }

            compared++;
            if (old.Properties.TryGetValue(key, out var oldValue) && Equals(oldValue, value))
            {
                equal++;
            }
        }

        return compared == 0 ? 0 : (double)equal / compared;
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
                var segments = TopLevelSegments(address);
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

    /// <summary>Splits on dots outside index brackets (keys may hold dots: <c>a["x.y"]</c>).</summary>
    private static List<string> TopLevelSegments(string address)
    {
        var segments = new List<string>();
        var start = 0;
        var depth = 0;
        var quoted = false;
        for (var i = 0; i < address.Length; i++)
        {
            var ch = address[i];
            if (quoted)
            {
                if (ch == '\\')
                {
                    i++;
                }
                else if (ch == '"')
                {
                    quoted = false;
                }

                continue;
            }

            switch (ch)
            {
                case '"':
                    quoted = true;
                    break;
                case '[':
                    depth++;
                    break;
                case ']':
                    depth--;
                    break;
                case '.' when depth == 0:
                    segments.Add(address[start..i]);
                    start = i + 1;
                    break;
            }
        }

        segments.Add(address[start..]);
        return segments;
    }
}
