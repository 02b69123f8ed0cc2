using System.Globalization;
using System.Text;

namespace PlanReview.Reporting.Markdown;

/// <summary>
/// Escaping for GitHub-flavoured Markdown. Text from a plan is only ever rendered as a code span:
/// inside one, nothing is HTML, no <c>@mention</c> notifies anyone, and no <c>&lt;!-- marker --&gt;</c> is
/// hidden. Control characters become visible escapes, and in table cells <c>|</c> is escaped (GFM
/// splits cells before it parses code spans).
/// </summary>
public static class MarkdownText
{
    /// <summary>Renders untrusted text as an inline code span, safe in a paragraph or a table cell.</summary>
    public static string Code(string text, bool inTable = true)
    {
        var visible = Visible(text);
        if (inTable)
        {
            visible = visible.Replace("|", "\\|", StringComparison.Ordinal);
        }

        if (visible.Length == 0)
        {
            return "` `";
        }

        var longestRun = 0;
        var run = 0;
        foreach (var c in visible)
        {
            run = c == '`' ? run + 1 : 0;
            longestRun = Math.Max(longestRun, run);
        }

        var fence = new string('`', longestRun + 1);
        var pad = visible[0] == '`' || visible[^1] == '`' || (visible[0] == ' ' && visible[^1] == ' ') ? " " : string.Empty;
        return fence + pad + visible + pad + fence;
    }

    /// <summary>
    /// Escapes our own prose (rule titles, message formats): every ASCII punctuation character that
    /// Markdown could read as syntax is backslash-escaped.
    /// </summary>
    public static string Prose(string text)
    {
        var builder = new StringBuilder(text.Length + 8);
        foreach (var c in Visible(text))
        {
            if (c is '\\' or '`' or '*' or '_' or '{' or '}' or '[' or ']' or '(' or ')' or '#' or '+' or '!' or '|' or '<' or '>' or '~' or '&' or '@')
            {
                builder.Append('\\');
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    /// <summary>
    /// Renders a composite format (ours) with its arguments (possibly from the plan): the format's
    /// literal text as prose, each string argument as a code span, numbers as they are.
    /// </summary>
    public static string Format(string format, IReadOnlyList<string> args, bool inTable = false)
    {
        var result = new StringBuilder(format.Length + 32);
        var literal = new StringBuilder();
        for (var i = 0; i < format.Length; i++)
        {
            var c = format[i];
            if ((c == '{' || c == '}') && i + 1 < format.Length && format[i + 1] == c)
            {
                literal.Append(c);
                i++;
                continue;
            }

            if (c == '{')
            {
                var end = format.IndexOf('}', i);
                if (end > i)
                {
                    var spec = format[(i + 1)..end];
                    var comma = spec.IndexOfAny([',', ':']);
                    if (int.TryParse(comma < 0 ? spec : spec[..comma], NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                    {
                        result.Append(Prose(literal.ToString()));
                        literal.Clear();
                        var arg = index < args.Count ? args[index] : string.Empty;
                        result.Append(Argument(arg, inTable));
                        i = end;
                        continue;
                    }
                }
            }

            literal.Append(c);
        }

        result.Append(Prose(literal.ToString()));
        return result.ToString();
    }

    /// <summary>
    /// An argument as a code span; an empty one renders as nothing, and the spaces around it stay outside
    /// the span (rules pass optional clauses such as <c>" (forced by x)"</c>).
    /// </summary>
    private static string Argument(string arg, bool inTable)
    {
        var trimmed = arg.Trim(' ');
        if (trimmed.Length == 0)
        {
            return arg.Length == 0 ? string.Empty : " ";
        }

        var body = IsPlainNumber(trimmed) ? trimmed : Code(trimmed, inTable);
        return (arg[0] == ' ' ? " " : string.Empty) + body + (arg[^1] == ' ' ? " " : string.Empty);
    }

    private static bool IsPlainNumber(string text) =>
        text.Length is > 0 and < 20 && text.All(c => char.IsAsciiDigit(c) || c == '.') && char.IsAsciiDigit(text[0]);

    /// <summary>Replaces line breaks, tabs and other control or invisible characters with visible escapes.</summary>
    private static string Visible(string text)
    {
        StringBuilder? builder = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var category = char.GetUnicodeCategory(c);
            var replace = char.IsControl(c) || category is UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;
            if (!replace)
            {
                builder?.Append(c);
                continue;
            }

            builder ??= new StringBuilder(text, 0, i, text.Length + 16);
            builder.Append(c switch
            {
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ => $"\\u{(int)c:x4}",
            });
        }

        return builder?.ToString() ?? text;
    }
}
