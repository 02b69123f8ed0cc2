using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using PlanReview.Core.Model;

namespace PlanReview.Readers.Terraform;

/// <summary>
/// Reading one entry cut out by <see cref="Utf8JsonSource.ReadEntry"/>: the bytes are whole and already
/// checked, so these helpers work on a plain <see cref="Utf8JsonReader"/> over them. Convention, as for
/// the streaming walk: a helper is entered on the first token of a value and leaves the reader on its last.
/// </summary>
internal static class EntryJson
{
    private const int PooledKeyMaxBytes = 256;

    // Most masks and unknown-trees are {}: one shared instance instead of one per entry.
    private static readonly PlanValue EmptyObject = new PlanValue.ObjectValue(PlanProperties.Empty);

    /// <summary>A reader over the entry, on its first token.</summary>
    public static Utf8JsonReader Open(ReadOnlySpan<byte> entry)
    {
        var reader = new Utf8JsonReader(entry, Utf8JsonSource.EntryOptions);
        reader.Read();
        return reader;
    }

    /// <summary>Moves to the next property name of the object being walked; false at its end.</summary>
    public static bool NextProperty(ref Utf8JsonReader reader) =>
        reader.Read() && reader.TokenType == JsonTokenType.PropertyName;

    /// <summary>Moves onto the first token of the next item of the array being walked; false at its end.</summary>
    public static bool NextItem(ref Utf8JsonReader reader) =>
        reader.Read() && reader.TokenType != JsonTokenType.EndArray;

    /// <summary>Skips the value of the property the reader is on.</summary>
    public static void SkipValue(ref Utf8JsonReader reader)
    {
        reader.Read();
        reader.Skip();
    }

    /// <summary>The string (or scalar, as text) under the reader, or null (objects and lists are skipped).</summary>
    public static string? ReadString(ref Utf8JsonReader reader, StringPool? pool = null)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return pool is null ? reader.GetString() : Pooled(ref reader, pool);
            case JsonTokenType.Number or JsonTokenType.True or JsonTokenType.False:
                return ScalarText(ref reader);
            default:
                reader.Skip();
                return null;
        }
    }

    /// <summary>The boolean under the reader, or null when it is not a boolean.</summary>
    public static bool? ReadBool(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.True:
                return true;
            case JsonTokenType.False:
                return false;
            default:
                reader.Skip();
                return null;
        }
    }

    /// <summary>A list of strings (non-strings are ignored); empty when absent or not a list.</summary>
    public static List<string> ReadStrings(ref Utf8JsonReader reader, StringPool? pool = null)
    {
        var result = new List<string>();
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return result;
        }

        while (NextItem(ref reader))
        {
            if (ReadString(ref reader, pool) is { } s)
            {
                result.Add(s);
            }
        }

        return result;
    }

    /// <summary>Reads the whole value under the reader into an immutable tree; object keys go through <paramref name="pool"/>.</summary>
    public static PlanValue ReadValue(ref Utf8JsonReader reader, StringPool pool) => ReadValue(ref reader, pool, pool.Properties);

    private static PlanValue ReadValue(ref Utf8JsonReader reader, StringPool pool, PropertyStack stack)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                // An object's properties go on the stack, above those of the objects it is inside, until its end.
                var start = stack.Count;
                while (NextProperty(ref reader))
                {
                    var name = Pooled(ref reader, pool);
                    reader.Read();
                    stack.Push(name, ReadValue(ref reader, pool, stack));
                }

                return stack.Count == start ? EmptyObject : new PlanValue.ObjectValue(stack.PopFrom(start));
            case JsonTokenType.StartArray:
                var items = ImmutableArray.CreateBuilder<PlanValue>();
                while (NextItem(ref reader))
                {
                    items.Add(ReadValue(ref reader, pool, stack));
                }

                return new PlanValue.ListValue(items.DrainToImmutable());
            case JsonTokenType.String:
                return PlanValue.From(reader.GetString()!);
            case JsonTokenType.True:
                return PlanValue.From(true);
            case JsonTokenType.False:
                return PlanValue.From(false);
            case JsonTokenType.Number:
                return new PlanValue.NumberValue(ScalarText(ref reader));
            default:
                return PlanValue.Null;
        }
    }

    /// <summary>
    /// An entry that pairs a value with a <c>sensitive</c> flag (a state output's <c>value</c>, a configuration
    /// variable's <c>default</c>): the flag, and the value under <paramref name="valueKey"/>; (false, null) when
    /// the entry is not an object.
    /// </summary>
    public static (bool Sensitive, PlanValue? Value) ReadSensitiveValue(ReadOnlySpan<byte> entry, ReadOnlySpan<byte> valueKey, StringPool pool)
    {
        var reader = Open(entry);
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return (false, null);
        }

        var sensitive = false;
        PlanValue? value = null;
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("sensitive"u8))
            {
                reader.Read();
                sensitive = ReadBool(ref reader) ?? false;
            }
            else if (reader.ValueTextEquals(valueKey))
            {
                reader.Read();
                value = ReadValue(ref reader, pool);
            }
            else
            {
                SkipValue(ref reader);
            }
        }

        return (sensitive, value);
    }

    /// <summary>Reads the value under the streaming reader into a tree (cut out whole first: for small values such as masks).</summary>
    public static PlanValue ReadValue(Utf8JsonSource json, ref Utf8JsonReader reader, StringPool pool) =>
        ReadValue(json.ReadEntry(ref reader, out _), pool);

    /// <summary>A list of strings under the streaming reader (non-strings are ignored).</summary>
    public static List<string> ReadStrings(Utf8JsonSource json, ref Utf8JsonReader reader, StringPool? pool = null)
    {
        var value = Open(json.ReadEntry(ref reader, out _));
        return ReadStrings(ref value, pool);
    }

    /// <summary>A short list of strings that repeat across entries (actions), through <paramref name="recent"/>, into <paramref name="result"/> (cleared first).</summary>
    public static void ReadStrings(Utf8JsonSource json, ref Utf8JsonReader reader, RecentStrings recent, List<string> result)
    {
        var value = Open(json.ReadEntry(ref reader, out _));
        result.Clear();
        if (value.TokenType != JsonTokenType.StartArray)
        {
            return;
        }

        while (NextItem(ref value))
        {
            if (value.TokenType == JsonTokenType.String)
            {
                result.Add(recent.Get(ref value));
            }
            else if (ReadString(ref value) is { } scalar)
            {
                result.Add(scalar);
            }
        }
    }

    /// <summary>The tree of a whole value given as bytes.</summary>
    public static PlanValue ReadValue(ReadOnlySpan<byte> value, StringPool pool)
    {
        var reader = Open(value);
        return ReadValue(ref reader, pool);
    }

    /// <summary>
    /// Records the secrets a <c>*_sensitive</c> mask points at in a value given as bytes, as
    /// <see cref="SecretSet.ApplyMask"/> does for a tree, without building the tree: a <c>true</c> takes
    /// every string below it, an object or list mask descends into matching keys or indexes.
    /// </summary>
    /// <remarks>Callers skip masks that mark nothing (<see cref="SecretSet.AnySensitive"/>), the common case, before paying for the walk.</remarks>
    public static void CollectSecrets(ReadOnlySpan<byte> value, PlanValue? mask, SecretSet secrets)
    {
        var reader = Open(value);
        Walk(ref reader, mask, secrets);
    }

    /// <summary>Text of a number or boolean exactly as written (numbers keep their digits: <c>1.50</c>, <c>1e3</c>).</summary>
    public static string ScalarText(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.True => "true",
        JsonTokenType.False => "false",
        _ => Encoding.UTF8.GetString(reader.ValueSpan),
    };

    /// <summary>The string under the reader (a value or a property name), shared through the pool, without allocating when already pooled.</summary>
    public static string Pooled(ref Utf8JsonReader reader, StringPool pool)
    {
        var bytes = reader.ValueSpan;
        if (reader.ValueIsEscaped || bytes.Length > PooledKeyMaxBytes)
        {
            return pool.Get(reader.GetString()!);
        }

        Span<char> chars = stackalloc char[PooledKeyMaxBytes];
        if (System.Text.Unicode.Utf8.ToUtf16(bytes, chars, out _, out var written, replaceInvalidSequences: false) != System.Buffers.OperationStatus.Done)
        {
            // The same failure GetString reports, so one handler turns both into the reader's message.
            throw new InvalidOperationException("Cannot transcode invalid UTF-8 JSON text to UTF-16 string.", new DecoderFallbackException());
        }

        return pool.Get(chars[..written]);
    }

    private static void Walk(ref Utf8JsonReader reader, PlanValue? mask, SecretSet secrets)
    {
        switch (mask)
        {
            case PlanValue.BoolValue { Value: true }:
                AddStrings(ref reader, secrets);
                return;
            case PlanValue.ObjectValue maskObject when reader.TokenType == JsonTokenType.StartObject:
                while (NextProperty(ref reader))
                {
                    var subMask = MaskFor(ref reader, maskObject);
                    reader.Read();
                    if (subMask is not null)
                    {
                        Walk(ref reader, subMask, secrets);
                    }
                    else
                    {
                        reader.Skip();
                    }
                }

                return;
            case PlanValue.ListValue maskList when reader.TokenType == JsonTokenType.StartArray:
                for (var index = 0; NextItem(ref reader); index++)
                {
                    if (index < maskList.Items.Length)
                    {
                        Walk(ref reader, maskList.Items[index], secrets);
                    }
                    else
                    {
                        reader.Skip();
                    }
                }

                return;
            default:
                reader.Skip();
                return;
        }
    }

    /// <summary>The part of an object mask for the property name under the reader, without allocating the name (masks have a few keys).</summary>
    private static PlanValue? MaskFor(ref Utf8JsonReader reader, PlanValue.ObjectValue mask)
    {
        Span<char> name = stackalloc char[PooledKeyMaxBytes];
        if (mask.Properties.Count > 8 || reader.ValueIsEscaped || reader.ValueSpan.Length > PooledKeyMaxBytes ||
            System.Text.Unicode.Utf8.ToUtf16(reader.ValueSpan, name, out _, out var written, replaceInvalidSequences: false) != System.Buffers.OperationStatus.Done)
        {
            return mask.Properties.GetValueOrDefault(reader.GetString()!);
        }

        name = name[..written];
        foreach (var (key, subMask) in mask.Properties)
        {
            if (key.Length == name.Length && name.SequenceEqual(key))
            {
                return subMask;
            }
        }

        return null;
    }

    /// <summary>Adds every string value (not property names) of the value under the reader.</summary>
    private static void AddStrings(ref Utf8JsonReader reader, SecretSet secrets)
    {
        if (reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray))
        {
            if (reader.TokenType == JsonTokenType.String)
            {
                secrets.Add(reader.GetString()!);
            }

            return;
        }

        var depth = reader.CurrentDepth;
        while (reader.Read() && !(reader.TokenType is JsonTokenType.EndObject or JsonTokenType.EndArray && reader.CurrentDepth == depth))
        {
            if (reader.TokenType == JsonTokenType.String)
            {
                secrets.Add(reader.GetString()!);
            }
        }
    }
}
