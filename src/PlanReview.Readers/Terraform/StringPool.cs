namespace PlanReview.Readers.Terraform;

/// <summary>
/// Shares one instance of each repeated string (types, providers, attribute names) within one read.
/// Scoped to the read rather than <see cref="string.Intern"/>, so nothing outlives the plan it came from.
/// </summary>
internal sealed class StringPool
{
    private readonly HashSet<string> strings;
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> byChars;

    public StringPool()
    {
        strings = new HashSet<string>(StringComparer.Ordinal);
        byChars = strings.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>The scratch stack value trees are read with: like the strings, it belongs to one read (one thread).</summary>
    public PropertyStack Properties { get; } = new();

    public string Get(string value)
    {
        if (strings.TryGetValue(value, out var existing))
        {
            return existing;
        }

        strings.Add(value);
        return value;
    }

    /// <summary>The pooled string with these characters; allocates only the first time they are seen.</summary>
    public string Get(ReadOnlySpan<char> value)
    {
        if (byChars.TryGetValue(value, out var existing))
        {
            return existing;
        }

        var created = value.ToString();
        strings.Add(created);
        return created;
    }
}
