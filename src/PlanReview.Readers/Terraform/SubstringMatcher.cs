namespace PlanReview.Readers.Terraform;

/// <summary>
/// Finds whether a text contains any of a set of strings (each at least <see cref="Window"/> long), in
/// time proportional to the text. Each pattern is indexed by the hash of one of its windows of
/// <see cref="Window"/> characters, chosen among several so that few patterns share a window: plans hold
/// tens of thousands of secrets that share prefixes (<c>arn:aws:…</c>, <c>pw-…</c>), so indexing every
/// pattern by its first characters would make each lookup scan thousands. A text is scanned with a
/// rolling hash; a bit filter answers most windows without a dictionary lookup, and a candidate is
/// confirmed by comparing the characters, so hash collisions cost time, never a wrong answer.
/// </summary>
internal sealed class SubstringMatcher
{
    /// <summary>The window length; patterns shorter than this are not indexed.</summary>
    public const int Window = 6;

    private const ulong Base = 1_000_003;
    private const int FilterBits = 20;
    private const int SampledWindows = 8;

    // Base^(Window-1), to take the leaving character out of the rolling hash.
    private static readonly ulong LeadingPower = Power(Base, Window - 1);

    private readonly ulong[] filter = new ulong[(1 << FilterBits) / 64];
    private readonly Dictionary<ulong, List<(string Pattern, int Offset)>> buckets = [];

    public SubstringMatcher(IEnumerable<string> patterns)
    {
        foreach (var pattern in patterns)
        {
            if (pattern.Length < Window)
            {
                continue;
            }

            // Sample a few windows spread over the pattern and take the one fewest patterns use so far.
            var positions = pattern.Length - Window + 1;
            var step = Math.Max(1, positions / SampledWindows);
            var (bestHash, bestOffset, bestCount) = (0UL, 0, int.MaxValue);
            for (var offset = 0; offset < positions && bestCount > 0; offset += step)
            {
                var hash = Hash(pattern.AsSpan(offset, Window));
                var count = buckets.TryGetValue(hash, out var existing) ? existing.Count : 0;
                if (count < bestCount)
                {
                    (bestHash, bestOffset, bestCount) = (hash, offset, count);
                }
            }

            if (!buckets.TryGetValue(bestHash, out var bucket))
            {
                buckets[bestHash] = bucket = [];
            }

            bucket.Add((pattern, bestOffset));
            var bit = FilterIndex(bestHash);
            filter[bit >> 6] |= 1UL << (int)(bit & 63);
        }
    }

    public bool IsEmpty => buckets.Count == 0;

    public bool ContainsAny(ReadOnlySpan<char> text)
    {
        if (text.Length < Window || buckets.Count == 0)
        {
            return false;
        }

        var hash = Hash(text[..Window]);
        for (var i = 0; ; i++)
        {
            var bit = FilterIndex(hash);
            if ((filter[bit >> 6] & (1UL << (int)(bit & 63))) != 0 && buckets.TryGetValue(hash, out var bucket))
            {
                foreach (var (pattern, offset) in bucket)
                {
                    var start = i - offset;
                    if (start >= 0 && start + pattern.Length <= text.Length && text.Slice(start, pattern.Length).SequenceEqual(pattern))
                    {
                        return true;
                    }
                }
            }

            if (i + Window >= text.Length)
            {
                return false;
            }

            hash = ((hash - (text[i] * LeadingPower)) * Base) + text[i + Window];
        }
    }

    private static ulong Hash(ReadOnlySpan<char> window)
    {
        var hash = 0UL;
        foreach (var c in window)
        {
            hash = (hash * Base) + c;
        }

        return hash;
    }

    private static ulong FilterIndex(ulong hash) => (hash * 0x9E3779B97F4A7C15UL) >> (64 - FilterBits);

    private static ulong Power(ulong value, int exponent)
    {
        var result = 1UL;
        for (var i = 0; i < exponent; i++)
        {
            result *= value;
        }

        return result;
    }
}
