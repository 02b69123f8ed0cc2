namespace PlanReview.Readers.Terraform;

/// <summary>
/// Shares one instance of each repeated string (types, providers, attribute names) within one read.
/// Scoped to the read rather than <see cref="string.Intern"/>, so nothing outlives the plan it came from.
/// </summary>
internal sealed class StringPool
{
    private readonly HashSet<string> strings = new(StringComparer.Ordinal);

    public string Get(string value)
    {
        if (strings.TryGetValue(value, out var existing))
        {
            return existing;
        }

        strings.Add(value);
        return value;
    }

    public string? GetOrNull(string? value) => value is null ? null : Get(value);
}
