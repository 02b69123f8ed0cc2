using System.Text;
using System.Text.Json;

namespace PlanReview.Readers.Terraform;

/// <summary>
/// The texts of one list of references, decoded into one reused buffer and read back as spans: a
/// configuration's references become nodes without a string each.
/// </summary>
internal sealed class ReferenceList
{
    private readonly List<(int Start, int Length)> items = [];
    private char[] text = new char[1024];
    private int used;

    public int Count => items.Count;

    /// <summary>The text of one reference; valid until the list is cleared.</summary>
    public ReadOnlySpan<char> this[int index] => text.AsSpan(items[index].Start, items[index].Length);

    public void Clear()
    {
        items.Clear();
        used = 0;
    }

    /// <summary>
    /// Adds the scalar under the reader as text, as <see cref="EntryJson.ReadString"/> reads it (strings
    /// unescaped, numbers and booleans as written); nulls, objects and lists are skipped.
    /// </summary>
    public void Add(ref Utf8JsonReader reader)
    {
        if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.Number or JsonTokenType.True or JsonTokenType.False))
        {
            reader.Skip();
            return;
        }

        var written = Decode(ref reader).Length;
        items.Add((used, written));
        used += written;
    }

    /// <summary>True when a reference starts with <paramref name="prefix"/>.</summary>
    public bool AnyStartsWith(string prefix)
    {
        for (var i = 0; i < items.Count; i++)
        {
            if (this[i].StartsWith(prefix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The text of the scalar under the reader, decoded into the free end of the buffer without adding it to
    /// the list (valid until the next change).
    /// </summary>
    public ReadOnlySpan<char> Decode(ref Utf8JsonReader reader)
    {
        // An unescaped or escaped value never has more characters than bytes.
        var bytes = reader.ValueSpan.Length;
        if (text.Length < used + bytes)
        {
            Array.Resize(ref text, Math.Max(used + bytes, text.Length * 2));
        }

        var free = text.AsSpan(used);
        var written = reader.TokenType == JsonTokenType.String
            ? reader.CopyString(free)
            : Encoding.UTF8.GetChars(reader.ValueSpan, free);
        return free[..written];
    }
}
