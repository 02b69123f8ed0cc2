using System.Text.Json;

namespace PlanReview.Readers.Terraform;

/// <summary>
/// A small front for <see cref="StringPool"/> for the strings every entry repeats (types, providers, modes,
/// actions): a slot per hash of the UTF-8 bytes remembers the last string seen there, and a hit is a byte
/// comparison instead of decoding and hashing the string again. A collision only costs a trip to the pool.
/// </summary>
internal sealed class RecentStrings
{
    private const int Slots = 1024;
    private const int MaxBytes = 96;

    private readonly StringPool pool;
    private readonly (byte[]? Bytes, string? Value)[] slots = new (byte[]?, string?)[Slots];

    public RecentStrings(StringPool pool) => this.pool = pool;

    /// <summary>The string under the reader (a string token), shared through the pool.</summary>
    public string Get(ref Utf8JsonReader reader)
    {
        var bytes = reader.ValueSpan;
        if (reader.ValueIsEscaped || bytes.Length > MaxBytes)
        {
            return EntryJson.Pooled(ref reader, pool);
        }

        ref var slot = ref slots[Slot(bytes)];
        if (slot.Bytes is { } known && bytes.SequenceEqual(known))
        {
            return slot.Value!;
        }

        var value = EntryJson.Pooled(ref reader, pool);
        slot = (bytes.ToArray(), value);
        return value;
    }

    private static int Slot(ReadOnlySpan<byte> bytes)
    {
        // FNV-1a over the bytes: these strings are short.
        var hash = 2166136261u;
        foreach (var b in bytes)
        {
            hash = (hash ^ b) * 16777619u;
        }

        return (int)(hash % Slots);
    }
}
