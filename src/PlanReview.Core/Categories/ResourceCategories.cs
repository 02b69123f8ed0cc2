using System.Collections.Immutable;
using System.Text.Json;

namespace PlanReview.Core.Categories;

/// <summary>
/// The table that says what each resource type is. It is data (<c>resource-categories.json</c>,
/// embedded), not code: exact type names first, then glob patterns in file order.
/// </summary>
public sealed class ResourceCategories
{
    private readonly ImmutableDictionary<string, ResourceCategory> exact;
    private readonly ImmutableArray<(string Pattern, ResourceCategory Category)> patterns;

    public ResourceCategories(
        ImmutableDictionary<string, ResourceCategory> exact,
        ImmutableArray<(string Pattern, ResourceCategory Category)> patterns)
    {
        this.exact = exact;
        this.patterns = patterns;
    }

    /// <summary>The built-in table.</summary>
    public static ResourceCategories Default { get; } = LoadDefault();

    public int Count => exact.Count + patterns.Length;

    public ResourceCategory Classify(string type)
    {
        if (exact.TryGetValue(type, out var category))
        {
            return category;
        }

        foreach (var (pattern, patternCategory) in patterns)
        {
            if (Glob.IsMatch(pattern, type))
            {
                return patternCategory;
            }
        }

        return ResourceCategory.Unknown;
    }

    /// <summary>Reads a table: <c>{ "categories": { "data": ["aws_db_instance", "aws_*_table"], … } }</c>.</summary>
    public static ResourceCategories Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var exact = ImmutableDictionary.CreateBuilder<string, ResourceCategory>(StringComparer.Ordinal);
        var patterns = ImmutableArray.CreateBuilder<(string, ResourceCategory)>();
        foreach (var group in document.RootElement.GetProperty("categories").EnumerateObject())
        {
            if (!ResourceCategoryNames.TryParse(group.Name, out var category))
            {
                throw new FormatException($"resource-categories.json: unknown category '{group.Name}'");
            }

            foreach (var entry in group.Value.EnumerateArray())
            {
                var type = entry.GetString() ?? throw new FormatException("resource-categories.json: null type");
                if (type.IndexOfAny(['*', '?']) >= 0)
                {
                    patterns.Add((type, category));
                }
                else if (!exact.TryAdd(type, category))
                {
                    throw new FormatException($"resource-categories.json: '{type}' is listed twice");
                }
            }
        }

        return new ResourceCategories(exact.ToImmutable(), patterns.ToImmutable());
    }

    private static ResourceCategories LoadDefault()
    {
        using var stream = typeof(ResourceCategories).Assembly.GetManifestResourceStream("PlanReview.Core.resource-categories.json")
            ?? throw new InvalidOperationException("the embedded resource-categories.json is missing");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd());
    }
}
