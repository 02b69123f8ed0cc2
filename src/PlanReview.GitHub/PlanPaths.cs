using System.Collections.Immutable;
using PlanReview.Core;

namespace PlanReview.GitHub;

/// <summary>Expands the <c>plans</c> input: newline-separated paths or globs, relative to the workspace.</summary>
public static class PlanPaths
{
    /// <summary>
    /// Every pattern must match at least one file: a glob that matches nothing means the plan job did
    /// not produce its plan, and the gate must fail closed rather than judge an empty plan.
    /// </summary>
    public static ImmutableArray<string> Expand(IEnumerable<string> patterns, string workspace, out ImmutableArray<string> unmatched)
    {
        var found = new SortedSet<string>(StringComparer.Ordinal);
        var missing = ImmutableArray.CreateBuilder<string>();
        foreach (var pattern in patterns)
        {
            var normalized = pattern.Replace('\\', '/');
            if (normalized.IndexOfAny(['*', '?']) < 0)
            {
                var path = Path.IsPathRooted(normalized) ? normalized : Path.Combine(workspace, normalized);
                if (File.Exists(path))
                {
                    found.Add(Path.GetFullPath(path));
                }
                else
                {
                    missing.Add(pattern);
                }

                continue;
            }

            var wildcard = normalized.IndexOfAny(['*', '?']);
            var slash = normalized.LastIndexOf('/', wildcard);
            var baseText = slash < 0 ? string.Empty : normalized[..slash];
            var root = Path.IsPathRooted(normalized) ? baseText : Path.Combine(workspace, baseText);
            var rest = slash < 0 ? normalized : normalized[(slash + 1)..];
            var matches = Directory.Exists(root)
                ? Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
                    .Where(f => Glob.IsMatch(rest.Replace("**/", "*", StringComparison.Ordinal), Path.GetRelativePath(root, f).Replace('\\', '/')))
                    .ToArray()
                : [];
            if (matches.Length == 0)
            {
                missing.Add(pattern);
            }

            foreach (var match in matches)
            {
                found.Add(Path.GetFullPath(match));
            }
        }

        unmatched = missing.ToImmutable();
        return found.ToImmutableArray();
    }
}
