using PlanReview.Core.Model;

namespace PlanReview.Rules.Destructive;

/// <summary>
/// The top-level attribute values of a list of objects (the new values of created resources), so that
/// another object's attributes are compared with all of them in one pass: an attribute value is hashed
/// once and finds the objects that hold an equal value, instead of being compared with each object in turn.
/// </summary>
internal sealed class AttributeIndex
{
    private readonly Dictionary<string, Dictionary<PlanValue, List<int>>> holders = new(StringComparer.Ordinal);
    private readonly int[] counted;
    private readonly int[] equal;

    /// <param name="values">The objects; a value that is not an object has no attributes.</param>
    /// <param name="counts">Which attribute values take part (the others are neither indexed nor counted).</param>
    public AttributeIndex(IReadOnlyList<PlanValue?> values, Func<PlanValue, bool> counts)
    {
        counted = new int[values.Count];
        equal = new int[values.Count];
        for (var i = 0; i < values.Count; i++)
        {
            if (values[i] is not PlanValue.ObjectValue o)
            {
                continue;
            }

            foreach (var (key, value) in o.Properties)
            {
                if (!counts(value))
                {
                    continue;
                }

                counted[i]++;
                if (!holders.TryGetValue(key, out var byValue))
                {
                    holders[key] = byValue = new Dictionary<PlanValue, List<int>>(StructuralComparer.Instance);
                }

                if (!byValue.TryGetValue(value, out var list))
                {
                    byValue[value] = list = [];
                }

                list.Add(i);
            }
        }
    }

    /// <summary>How many attributes of object <paramref name="i"/> take part.</summary>
    public int Counted(int i) => counted[i];

    /// <summary>
    /// For each object of the list, how many of its attributes that take part <paramref name="value"/> holds with
    /// an equal value under the same key. The array is reused by the next call.
    /// </summary>
    public int[] CountEqual(PlanValue? value)
    {
        Array.Clear(equal);
        if (value is not PlanValue.ObjectValue o)
        {
            return equal;
        }

        foreach (var (key, attribute) in o.Properties)
        {
            if (holders.TryGetValue(key, out var byValue) && byValue.TryGetValue(attribute, out var objects))
            {
                foreach (var i in objects)
                {
                    equal[i]++;
                }
            }
        }

        return equal;
    }

    /// <summary>
    /// <see cref="PlanValue"/>'s own equality with a hash of the whole tree: the records hash lists and objects by
    /// their size only, which would put every tags object of the same size in one bucket.
    /// </summary>
    private sealed class StructuralComparer : IEqualityComparer<PlanValue>
    {
        public static StructuralComparer Instance { get; } = new();

        public bool Equals(PlanValue? x, PlanValue? y) => object.Equals(x, y);

        public int GetHashCode(PlanValue value) => value switch
        {
            PlanValue.StringValue s => HashCode.Combine(1, StringComparer.Ordinal.GetHashCode(s.Value)),
            PlanValue.NumberValue n => HashCode.Combine(2, StringComparer.Ordinal.GetHashCode(n.Raw)),
            PlanValue.BoolValue b => HashCode.Combine(3, b.Value),
            PlanValue.ListValue l => ListHash(l),
            PlanValue.ObjectValue o => ObjectHash(o),
            _ => value.GetType().GetHashCode(),
        };

        private int ListHash(PlanValue.ListValue list)
        {
            var hash = new HashCode();
            hash.Add(4);
            foreach (var item in list.Items)
            {
                hash.Add(GetHashCode(item));
            }

            return hash.ToHashCode();
        }

        // Equal objects have the same keys, and the sorted dictionary walks them in the same order.
        private int ObjectHash(PlanValue.ObjectValue o)
        {
            var hash = new HashCode();
            hash.Add(5);
            foreach (var (key, item) in o.Properties)
            {
                hash.Add(StringComparer.Ordinal.GetHashCode(key));
                hash.Add(GetHashCode(item));
            }

            return hash.ToHashCode();
        }
    }
}
