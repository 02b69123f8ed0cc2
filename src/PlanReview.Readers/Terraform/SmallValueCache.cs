using System.Text;
using System.Text.Json;
using PlanReview.Core.Model;

namespace PlanReview.Readers.Terraform;

/// <summary>
/// One tree per distinct small value within one read. Masks (<c>before_sensitive</c>,
/// <c>sensitive_values</c>) and <c>after_unknown</c> trees repeat across thousands of entries of the same
/// type (<c>{"password":true,"tags":{}}</c>); building each once saves most of their allocation. Values
/// are immutable, so sharing them is safe. Keyed by the value's exact bytes.
/// </summary>
internal sealed class SmallValueCache
{
    private const int MaxBytes = 256;
    private const int MaxEntries = 4096;

    private readonly Dictionary<string, PlanValue> values = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PlanValue>.AlternateLookup<ReadOnlySpan<char>> byChars;
    private readonly Dictionary<PlanValue, bool> sensitive = new(ReferenceEqualityComparer.Instance);

    public SmallValueCache() => byChars = values.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary><see cref="SecretSet.AnySensitive"/>, remembered for each shared mask.</summary>
    public bool IsSensitive(PlanValue? mask)
    {
        if (mask is null or PlanValue.BoolValue)
        {
            return SecretSet.AnySensitive(mask);
        }

        if (!sensitive.TryGetValue(mask, out var known))
        {
            known = SecretSet.AnySensitive(mask);
            if (sensitive.Count < MaxEntries)
            {
                sensitive[mask] = known;
            }
        }

        return known;
    }

    /// <summary>The tree of the value under the streaming reader, shared with earlier identical ones when it is small.</summary>
    public PlanValue Read(Utf8JsonSource json, ref Utf8JsonReader reader, StringPool pool)
    {
        var bytes = json.ReadEntry(ref reader, out _);
        if (bytes.Length > MaxBytes || !Ascii.IsValid(bytes))
        {
            return EntryJson.ReadValue(bytes, pool);
        }

        Span<char> key = stackalloc char[MaxBytes];
        Ascii.ToUtf16(bytes, key, out var written);
        if (byChars.TryGetValue(key[..written], out var known))
        {
            return known;
        }

        var value = EntryJson.ReadValue(bytes, pool);
        if (values.Count < MaxEntries)
        {
            values[key[..written].ToString()] = value;
        }

        return value;
    }
}
