namespace PlanReview.Core;

/// <summary>
/// Address and type globs used in the policy file and the category table: <c>*</c> matches any run
/// of characters (dots, brackets and slashes included), <c>?</c> exactly one; matching is ordinal.
/// </summary>
public static class Glob
{
    /// <remarks>
    /// Rules match type patterns against every change of a plan: a wildcard walk that allocates nothing
    /// (linear in practice, never worse than pattern × text) is many times faster than a regular expression.
    /// </remarks>
    public static bool IsMatch(string pattern, string text)
    {
        var wildcard = pattern.AsSpan().IndexOfAny('*', '?');
        if (wildcard < 0)
        {
            return string.Equals(pattern, text, StringComparison.Ordinal);
        }

        if (wildcard == pattern.Length - 1 && pattern[wildcard] == '*')
        {
            // "aws_*", "*": the common shape of a type pattern is a prefix.
            return text.AsSpan().StartsWith(pattern.AsSpan(0, wildcard), StringComparison.Ordinal);
        }

        // Globs were regular expressions anchored with '$', which also matches before a final newline;
        // kept, so that no policy entry matches differently than it did.
        return Walk(pattern, text) || (text.EndsWith('\n') && Walk(pattern, text[..^1]));
    }

    private static bool Walk(string pattern, string text)
    {
        var p = 0;
        var t = 0;

        // The last '*' seen and where its run currently ends: on a mismatch, that star takes one more character.
        var star = -1;
        var starEnd = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                starEnd = t;
            }
            else if (p < pattern.Length && (pattern[p] == '?' || pattern[p] == text[t]))
            {
                p++;
                t++;
            }
            else if (star >= 0)
            {
                p = star + 1;
                t = ++starEnd;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }
}
