using System.Collections.Immutable;
using Newtonsoft.Json;
using PlanReview.Core.Model;

namespace PlanReview.Readers.Terraform;

/// <summary>
/// A value recorded as a flat list of tokens instead of a <see cref="PlanValue"/> tree. Most values in a
/// plan are read only for the secrets their <c>*_sensitive</c> mask may point at (every resource in
/// <c>planned_values</c> and <c>prior_state</c>, the before and after of every no-op), and the mask
/// comes after the value. Building an immutable tree for each of them was most of the reader's time
/// on large plans; a reused tape costs one list entry per token. When a value turns out to be needed
/// after all, <see cref="ToValue"/> builds the same tree <see cref="JsonStream.ReadValue"/> would have.
/// </summary>
internal sealed class ValueTape
{
    private readonly List<(JsonToken Token, string? Text)> tokens = [];

    public bool IsEmpty => tokens.Count == 0;

    public void Clear() => tokens.Clear();

    /// <summary>Records the value the reader is on; leaves the reader on its last token, as <see cref="JsonReader.Skip"/> does.</summary>
    public void Record(JsonReader reader)
    {
        tokens.Clear();
        var depth = 0;
        while (true)
        {
            switch (reader.TokenType)
            {
                case JsonToken.StartObject or JsonToken.StartArray:
                    tokens.Add((reader.TokenType, null));
                    depth++;
                    break;
                case JsonToken.EndObject or JsonToken.EndArray:
                    tokens.Add((reader.TokenType, null));
                    depth--;
                    break;
                case JsonToken.PropertyName or JsonToken.String:
                    tokens.Add((reader.TokenType, (string)reader.Value!));
                    break;
                case JsonToken.Integer or JsonToken.Float or JsonToken.Boolean:
                    tokens.Add((reader.TokenType, JsonStream.ScalarText(reader)));
                    break;
                case JsonToken.Null or JsonToken.Undefined:
                    tokens.Add((JsonToken.Null, null));
                    break;
                default:
                    throw JsonStream.Error(reader, $"Unexpected {reader.TokenType} where a value was expected.");
            }

            if (depth == 0)
            {
                return;
            }

            if (!JsonStream.Next(reader))
            {
                throw JsonStream.Error(reader, "Unexpected end of input inside a value.");
            }
        }
    }

    /// <summary>
    /// Records the secrets the mask points at, as <see cref="SecretSet.ApplyMask"/> does for a tree: a
    /// <c>true</c> takes every string below it, an object or list mask descends into matching keys or indexes.
    /// </summary>
    public void CollectSecrets(PlanValue? mask, SecretSet secrets)
    {
        if (tokens.Count == 0 || mask is null)
        {
            return;
        }

        var position = 0;
        Walk(ref position, mask, secrets);
    }

    /// <summary>The tree <see cref="JsonStream.ReadValue"/> would have built; null when nothing was recorded.</summary>
    public PlanValue? ToValue(StringPool pool)
    {
        if (tokens.Count == 0)
        {
            return null;
        }

        var position = 0;
        return Build(ref position, pool);
    }

    private PlanValue Build(ref int position, StringPool pool)
    {
        var (token, text) = tokens[position++];
        switch (token)
        {
            case JsonToken.StartObject:
                var properties = ImmutableSortedDictionary.CreateBuilder<string, PlanValue>(StringComparer.Ordinal);
                while (tokens[position].Token != JsonToken.EndObject)
                {
                    var name = pool.Get(tokens[position++].Text!);
                    properties[name] = Build(ref position, pool);
                }

                position++;
                return new PlanValue.ObjectValue(properties.ToImmutable());
            case JsonToken.StartArray:
                var items = ImmutableArray.CreateBuilder<PlanValue>();
                while (tokens[position].Token != JsonToken.EndArray)
                {
                    items.Add(Build(ref position, pool));
                }

                position++;
                return new PlanValue.ListValue(items.ToImmutable());
            case JsonToken.String:
                return PlanValue.From(text!);
            case JsonToken.Boolean:
                return PlanValue.From(text == "true");
            case JsonToken.Integer or JsonToken.Float:
                return new PlanValue.NumberValue(text!);
            default:
                return PlanValue.Null;
        }
    }

    private void Walk(ref int position, PlanValue? mask, SecretSet secrets)
    {
        switch (mask)
        {
            case PlanValue.BoolValue { Value: true }:
                var end = End(position);
                for (; position < end; position++)
                {
                    if (tokens[position].Token == JsonToken.String)
                    {
                        secrets.Add(tokens[position].Text!);
                    }
                }

                return;
            case PlanValue.ObjectValue maskObject when tokens[position].Token == JsonToken.StartObject:
                position++;
                while (tokens[position].Token != JsonToken.EndObject)
                {
                    var name = tokens[position++].Text!;
                    if (maskObject.Properties.TryGetValue(name, out var subMask))
                    {
                        Walk(ref position, subMask, secrets);
                    }
                    else
                    {
                        position = End(position);
                    }
                }

                position++;
                return;
            case PlanValue.ListValue maskList when tokens[position].Token == JsonToken.StartArray:
                position++;
                for (var index = 0; tokens[position].Token != JsonToken.EndArray; index++)
                {
                    if (index < maskList.Items.Length)
                    {
                        Walk(ref position, maskList.Items[index], secrets);
                    }
                    else
                    {
                        position = End(position);
                    }
                }

                position++;
                return;
            default:
                position = End(position);
                return;
        }
    }

    /// <summary>The position just past the value that starts at <paramref name="position"/>.</summary>
    private int End(int position)
    {
        var depth = 0;
        do
        {
            switch (tokens[position].Token)
            {
                case JsonToken.StartObject or JsonToken.StartArray:
                    depth++;
                    break;
                case JsonToken.EndObject or JsonToken.EndArray:
                    depth--;
                    break;
            }

            position++;
        }
        while (depth > 0);

        return position;
    }
}
