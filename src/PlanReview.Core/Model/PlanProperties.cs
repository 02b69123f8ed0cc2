using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace PlanReview.Core.Model;

/// <summary>
/// The properties of an object value: each key once, in ordinal order. Immutable.
/// </summary>
/// <remarks>
/// Two arrays rather than a sorted tree: a plan's values are built once, read by a few rules, and most
/// objects have a few dozen keys. On a 100k-resource plan the tree nodes of sorted dictionaries were a
/// quarter of the objects the model kept alive, and every one of them was copied by each garbage collection.
/// </remarks>
public sealed class PlanProperties : IReadOnlyDictionary<string, PlanValue>
{
    private readonly string[] keys;
    private readonly PlanValue[] values;

    private PlanProperties(string[] keys, PlanValue[] values)
    {
        this.keys = keys;
        this.values = values;
    }

    public static PlanProperties Empty { get; } = new([], []);

    public int Count => keys.Length;

    public bool IsEmpty => keys.Length == 0;

    /// <summary>The keys, in ordinal order.</summary>
    public IEnumerable<string> Keys => keys;

    /// <summary>The values, in the order of their keys.</summary>
    public IEnumerable<PlanValue> Values => values;

    public PlanValue this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException(key);

    /// <summary>Properties from pairs in any order; when a key repeats, the last value wins, as for a JSON object.</summary>
    public static PlanProperties Create(IEnumerable<KeyValuePair<string, PlanValue>> pairs)
    {
        var list = pairs as IReadOnlyCollection<KeyValuePair<string, PlanValue>> ?? pairs.ToList();
        var keys = new string[list.Count];
        var values = new PlanValue[list.Count];
        var i = 0;
        foreach (var (key, value) in list)
        {
            keys[i] = key;
            values[i] = value;
            i++;
        }

        return FromArrays(keys, values);
    }

    /// <summary>
    /// Properties from parallel arrays, which are taken over, not copied: the caller must not change them
    /// afterwards. Sorted (stably) when they are not already; when a key repeats, the last value wins.
    /// </summary>
    public static PlanProperties FromArrays(string[] keys, PlanValue[] values)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(values.Length, keys.Length, nameof(values));
        if (keys.Length == 0)
        {
            return Empty;
        }

        var ordered = true;
        for (var i = 1; i < keys.Length && ordered; i++)
        {
            ordered = string.CompareOrdinal(keys[i - 1], keys[i]) < 0;
        }

        if (ordered)
        {
            return new PlanProperties(keys, values);
        }

        // Terraform writes keys in order; other writers may not. An in-place sort is not stable, which only
        // matters when a key repeats.
        if (!HasRepeats(keys))
        {
            Array.Sort(keys, values, StringComparer.Ordinal);
            return new PlanProperties(keys, values);
        }

        return SortedLastWins(keys, values);
    }

    private static bool HasRepeats(string[] keys)
    {
        if (keys.Length > 32)
        {
            return keys.Distinct(StringComparer.Ordinal).Count() != keys.Length;
        }

        for (var i = 1; i < keys.Length; i++)
        {
            for (var j = 0; j < i; j++)
            {
                if (string.Equals(keys[i], keys[j], StringComparison.Ordinal))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static PlanProperties SortedLastWins(string[] keys, PlanValue[] values)
    {
        // Sort positions by key, then by position, so that of equal keys the last written comes last.
        var order = new int[keys.Length];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        Array.Sort(order, (a, b) => string.CompareOrdinal(keys[a], keys[b]) is var byKey and not 0 ? byKey : a.CompareTo(b));
        var sortedKeys = new List<string>(keys.Length);
        var sortedValues = new List<PlanValue>(keys.Length);
        foreach (var position in order)
        {
            if (sortedKeys.Count > 0 && string.Equals(sortedKeys[^1], keys[position], StringComparison.Ordinal))
            {
                sortedValues[^1] = values[position];
                continue;
            }

            sortedKeys.Add(keys[position]);
            sortedValues.Add(values[position]);
        }

        return new PlanProperties([.. sortedKeys], [.. sortedValues]);
    }

    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out PlanValue value)
    {
        var index = IndexOf(key);
        value = index >= 0 ? values[index] : null;
        return index >= 0;
    }

    /// <summary>
    /// The same keys with each value replaced by <paramref name="map"/>'s result; this instance when every
    /// result is the value it was given. The state is passed through so that callers need no closure.
    /// </summary>
    public PlanProperties Map<TState>(TState state, Func<TState, string, PlanValue, PlanValue> map)
    {
        PlanValue[]? mapped = null;
        for (var i = 0; i < keys.Length; i++)
        {
            var value = map(state, keys[i], values[i]);
            if (!ReferenceEquals(value, values[i]))
            {
                mapped ??= (PlanValue[])values.Clone();
                mapped[i] = value;
            }
        }

        return mapped is null ? this : new PlanProperties(keys, mapped);
    }

    /// <summary>These properties with <paramref name="items"/> set (replaced or added); this instance when there are none.</summary>
    public PlanProperties SetItems(IReadOnlyCollection<KeyValuePair<string, PlanValue>> items) =>
        items.Count == 0 ? this : Create(this.Concat(items));

    /// <summary>Enumerates without allocating when used by <c>foreach</c>.</summary>
    public Enumerator GetEnumerator() => new(this);

    IEnumerator<KeyValuePair<string, PlanValue>> IEnumerable<KeyValuePair<string, PlanValue>>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private int IndexOf(string key)
    {
        // Most objects are small: a scan is as fast as a search there.
        if (keys.Length <= 8)
        {
            for (var i = 0; i < keys.Length; i++)
            {
                if (string.Equals(keys[i], key, StringComparison.Ordinal))
                {
                    return i;
                }
            }

            return -1;
        }

        // Not found is a negative complement: -1 for every miss.
        return Math.Max(Array.BinarySearch(keys, key, StringComparer.Ordinal), -1);
    }

    public struct Enumerator : IEnumerator<KeyValuePair<string, PlanValue>>
    {
        private readonly PlanProperties properties;
        private int index;

        internal Enumerator(PlanProperties properties)
        {
            this.properties = properties;
            index = -1;
        }

        public readonly KeyValuePair<string, PlanValue> Current => new(properties.keys[index], properties.values[index]);

        readonly object IEnumerator.Current => Current;

        public bool MoveNext() => ++index < properties.keys.Length;

        public void Reset() => index = -1;

        public readonly void Dispose()
        {
        }
    }
}
