using System.Collections.Immutable;
using System.Globalization;

namespace PlanReview.Core.Model;

/// <summary>
/// An immutable attribute value read from a plan (a JSON-like tree). Sensitive leaves are
/// already replaced by <see cref="PlanValue.Sensitive"/> by the reader, and values unknown until
/// apply by <see cref="PlanValue.Unknown"/>; no other code ever sees a secret.
/// </summary>
public abstract record PlanValue
{
    private protected PlanValue()
    {
    }

    public static PlanValue Null { get; } = new NullValue();

    public static PlanValue True { get; } = new BoolValue(true);

    public static PlanValue False { get; } = new BoolValue(false);

    /// <summary>A value that was marked sensitive, or that equals one that was: its content is gone.</summary>
    public static PlanValue Sensitive { get; } = new SensitiveValue();

    /// <summary>A value known only after apply.</summary>
    public static PlanValue Unknown { get; } = new UnknownValue();

    public static PlanValue From(bool value) => value ? True : False;

    public static PlanValue From(string value) => new StringValue(value);

    /// <summary>Reads a path of object keys and list indexes ("a", "0", "b"); null when absent.</summary>
    public PlanValue? Get(params string[] path)
    {
        PlanValue? current = this;
        foreach (var step in path)
        {
            current = current switch
            {
                ObjectValue o => o.Properties.GetValueOrDefault(step),
                ListValue l when int.TryParse(step, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < l.Items.Length => l.Items[i],
                _ => null,
            };
            if (current is null)
            {
                return null;
            }
        }

        return current;
    }

    /// <summary>The value as a boolean when it is one (also "true"/"false" strings, as CloudFormation writes them).</summary>
    public bool? AsBool() => this switch
    {
        BoolValue b => b.Value,
        StringValue { Value: var s } when bool.TryParse(s, out var parsed) => parsed,
        _ => null,
    };

    /// <summary>The value as a number when it is one (also numeric strings).</summary>
    public decimal? AsNumber() => this switch
    {
        NumberValue n when decimal.TryParse(n.Raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
        StringValue s when decimal.TryParse(s.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
        _ => null,
    };

    /// <summary>The value as a string when it is a string.</summary>
    public string? AsString() => this is StringValue s ? s.Value : null;

    /// <summary>Every leaf string of the tree, depth first (keys excluded).</summary>
    public IEnumerable<string> Strings()
    {
        switch (this)
        {
            case StringValue s:
                yield return s.Value;
                break;
            case ListValue l:
                foreach (var item in l.Items)
                {
                    foreach (var s in item.Strings())
                    {
                        yield return s;
                    }
                }

                break;
            case ObjectValue o:
                foreach (var item in o.Properties.Values)
                {
                    foreach (var s in item.Strings())
                    {
                        yield return s;
                    }
                }

                break;
        }
    }

    public sealed record NullValue : PlanValue
    {
        public override string ToString() => "null";
    }

    public sealed record BoolValue(bool Value) : PlanValue
    {
        public override string ToString() => Value ? "true" : "false";
    }

    /// <summary>A number kept as its JSON text, so no precision is lost and output is deterministic.</summary>
    public sealed record NumberValue(string Raw) : PlanValue
    {
        public override string ToString() => Raw;
    }

    public sealed record StringValue(string Value) : PlanValue
    {
        public override string ToString() => Value;
    }

    public sealed record SensitiveValue : PlanValue
    {
        public override string ToString() => "(sensitive)";
    }

    public sealed record UnknownValue : PlanValue
    {
        public override string ToString() => "(known after apply)";
    }

    public sealed record ListValue(ImmutableArray<PlanValue> Items) : PlanValue
    {
        public bool Equals(ListValue? other) =>
            other is not null && Items.SequenceEqual(other.Items);

        public override int GetHashCode() => Items.Length;
    }

    public sealed record ObjectValue(PlanProperties Properties) : PlanValue
    {
        /// <summary>An object from pairs in any order; when a key repeats, the last value wins.</summary>
        public ObjectValue(IEnumerable<KeyValuePair<string, PlanValue>> properties)
            : this(PlanProperties.Create(properties))
        {
        }

        public bool Equals(ObjectValue? other)
        {
            if (other is null || Properties.Count != other.Properties.Count)
            {
                return false;
            }

            // Both in key order: compare pair by pair.
            var theirs = other.Properties.GetEnumerator();
            foreach (var (key, value) in Properties)
            {
                theirs.MoveNext();
                if (!string.Equals(key, theirs.Current.Key, StringComparison.Ordinal) || !Equals(value, theirs.Current.Value))
                {
                    return false;
                }
            }

            return true;
        }

        public override int GetHashCode() => Properties.Count;
    }
}
