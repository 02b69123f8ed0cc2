using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;

namespace PlanReview.Core;

/// <summary>
/// Address and type globs used in the policy file and the category table: <c>*</c> matches any run
/// of characters (dots, brackets and slashes included), <c>?</c> exactly one; matching is ordinal.
/// </summary>
public static class Glob
{
    private static readonly ConcurrentDictionary<string, Regex> Cache = new(StringComparer.Ordinal);

    public static bool IsMatch(string pattern, string text)
    {
        if (pattern.IndexOfAny(['*', '?']) < 0)
        {
            return string.Equals(pattern, text, StringComparison.Ordinal);
        }

        return Cache.GetOrAdd(pattern, Compile).IsMatch(text);
    }

    private static Regex Compile(string pattern)
    {
        var regex = new StringBuilder("^");
        foreach (var c in pattern)
        {
            regex.Append(c switch
            {
                '*' => ".*",
                '?' => ".",
                _ => Regex.Escape(c.ToString()),
            });
        }

        regex.Append('$');
        return new Regex(regex.ToString(), RegexOptions.Singleline | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }
}
