using System.Collections.Immutable;
using System.Globalization;
using System.Numerics;
using Newtonsoft.Json;
using PlanReview.Core.Model;

namespace PlanReview.Readers.Terraform;

/// <summary>
/// Small forward-only helpers over <see cref="JsonTextReader"/>: walk an object's properties or an
/// array's items without loading them, and turn one value into a <see cref="PlanValue"/>.
/// Convention: a callback is entered with the reader on the first token of the value and must leave
/// it on the last token of that value (<see cref="JsonReader.Skip"/> does exactly that).
/// </summary>
internal static class JsonStream
{
    /// <summary>
    /// How deep a document may nest. Real plans stay far below (a few dozen levels); the limit keeps
    /// hostile input from exhausting the stack of the recursive value reader.
    /// </summary>
    public const int MaxDepth = 512;

    public static JsonTextReader Open(TextReader text) => new(text)
    {
        CloseInput = false,
        DateParseHandling = DateParseHandling.None,

        // Decimal keeps the digits (and trailing zeros) that a double would round away; integers
        // arrive as long or BigInteger, which print back exactly.
        FloatParseHandling = FloatParseHandling.Decimal,
        MaxDepth = MaxDepth,
    };

    /// <summary>Advances to the next token that is not a comment; false at the end of the input.</summary>
    public static bool Next(JsonReader reader)
    {
        while (reader.Read())
        {
            if (reader.TokenType != JsonToken.Comment)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Moves onto the first token of the value that follows a property name.</summary>
    public static void ToValue(JsonReader reader)
    {
        if (!Next(reader))
        {
            throw Error(reader, "Unexpected end of input after a property name.");
        }
    }

    /// <summary>
    /// Calls <paramref name="onProperty"/> for each property of the object the reader is on; returns
    /// false without calling it when the value is null or not an object (the caller decides whether
    /// that is an error).
    /// </summary>
    public static bool ForEachProperty(JsonReader reader, Action<string> onProperty)
    {
        if (reader.TokenType != JsonToken.StartObject)
        {
            reader.Skip();
            return false;
        }

        while (Next(reader))
        {
            switch (reader.TokenType)
            {
                case JsonToken.EndObject:
                    return true;
                case JsonToken.PropertyName:
                    var name = (string)reader.Value!;
                    ToValue(reader);
                    onProperty(name);
                    break;
                default:
                    throw Error(reader, $"Unexpected {reader.TokenType} inside an object.");
            }
        }

        throw Error(reader, "Unexpected end of input inside an object.");
    }

    /// <summary>Calls <paramref name="onItem"/> for each item of the array the reader is on; false when it is not an array.</summary>
    public static bool ForEachItem(JsonReader reader, Action onItem)
    {
        if (reader.TokenType != JsonToken.StartArray)
        {
            reader.Skip();
            return false;
        }

        while (Next(reader))
        {
            if (reader.TokenType == JsonToken.EndArray)
            {
                return true;
            }

            onItem();
        }

        throw Error(reader, "Unexpected end of input inside an array.");
    }

    /// <summary>The string value under the reader, or null (other types are skipped).</summary>
    public static string? ReadString(JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonToken.String:
                return (string)reader.Value!;
            case JsonToken.Integer or JsonToken.Float or JsonToken.Boolean:
                return ScalarText(reader);
            default:
                reader.Skip();
                return null;
        }
    }

    /// <summary>The boolean under the reader, or null when it is not a boolean.</summary>
    public static bool? ReadBool(JsonReader reader)
    {
        if (reader.TokenType == JsonToken.Boolean)
        {
            return (bool)reader.Value!;
        }

        reader.Skip();
        return null;
    }

    /// <summary>A list of strings (non-strings are ignored); empty when absent.</summary>
    public static List<string> ReadStrings(JsonReader reader)
    {
        var result = new List<string>();
        ForEachItem(reader, () =>
        {
            if (ReadString(reader) is { } s)
            {
                result.Add(s);
            }
        });
        return result;
    }

    /// <summary>Reads the whole value under the reader into an immutable tree; object keys go through <paramref name="pool"/>.</summary>
    public static PlanValue ReadValue(JsonReader reader, StringPool pool)
    {
        switch (reader.TokenType)
        {
            case JsonToken.StartObject:
                var properties = ImmutableSortedDictionary.CreateBuilder<string, PlanValue>(StringComparer.Ordinal);
                ForEachProperty(reader, name => properties[pool.Get(name)] = ReadValue(reader, pool));
                return new PlanValue.ObjectValue(properties.ToImmutable());
            case JsonToken.StartArray:
                var items = ImmutableArray.CreateBuilder<PlanValue>();
                ForEachItem(reader, () => items.Add(ReadValue(reader, pool)));
                return new PlanValue.ListValue(items.ToImmutable());
            case JsonToken.String:
                return PlanValue.From((string)reader.Value!);
            case JsonToken.Boolean:
                return PlanValue.From((bool)reader.Value!);
            case JsonToken.Integer or JsonToken.Float:
                return new PlanValue.NumberValue(ScalarText(reader));
            case JsonToken.Null or JsonToken.Undefined:
                return PlanValue.Null;
            default:
                throw Error(reader, $"Unexpected {reader.TokenType} where a value was expected.");
        }
    }

    /// <summary>A reader error that carries the position, like the ones Newtonsoft raises itself.</summary>
    public static JsonReaderException Error(JsonReader reader, string message) =>
        reader is IJsonLineInfo info && info.HasLineInfo()
            ? new JsonReaderException(message, reader.Path, info.LineNumber, info.LinePosition, null)
            : new JsonReaderException(message);

    public static string ScalarText(JsonReader reader) => reader.Value switch
    {
        bool b => b ? "true" : "false",
        long l => l.ToString(CultureInfo.InvariantCulture),
        BigInteger big => big.ToString(CultureInfo.InvariantCulture),
        decimal d => d.ToString(CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        var other => other?.ToString() ?? string.Empty,
    };
}
