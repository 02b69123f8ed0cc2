using System.Buffers;

namespace PlanReview.Readers;

/// <summary>
/// Follows just enough of the JSON grammar (inside or outside a string, after a backslash) to measure
/// each string value as the text streams in, and counts lines for the message. Shared by the guard on
/// decoded text (<see cref="StringLengthGuard"/>) and the one on UTF-8 bytes (<see cref="Utf8JsonSource"/>).
/// On text that is not JSON it counts nonsense, which is harmless: the JSON reader rejects that text anyway.
/// </summary>
internal struct JsonStringScanner
{
    private readonly long limit;
    private bool inString;
    private bool escaped;
    private long stringLength;

    public JsonStringScanner(long limit)
    {
        this.limit = limit;
        Line = 1;
    }

    /// <summary>The line the scan has reached (1-based, counted from where the scan started).</summary>
    public long Line { get; private set; }

    /// <summary>Scans the next piece of text; false as soon as one string value is longer than the limit.</summary>
    public bool Scan<T>(ReadOnlySpan<T> text, T quote, T backslash, T newline, SearchValues<T> quoteOrBackslash)
        where T : IEquatable<T>
    {
        while (!text.IsEmpty)
        {
            if (!inString)
            {
                var open = text.IndexOf(quote);
                Line += (open < 0 ? text : text[..open]).Count(newline);
                if (open < 0)
                {
                    return true;
                }

                inString = true;
                stringLength = 0;
                text = text[(open + 1)..];
                continue;
            }

            if (escaped)
            {
                escaped = false;
                stringLength++;
                text = text[1..];
                continue;
            }

            var stop = text.IndexOfAny(quoteOrBackslash);
            stringLength += stop < 0 ? text.Length : stop;
            if (stringLength > limit)
            {
                return false;
            }

            if (stop < 0)
            {
                return true;
            }

            if (text[stop].Equals(backslash))
            {
                escaped = true;
            }
            else
            {
                inString = false;
            }

            text = text[(stop + 1)..];
        }

        return true;
    }
}
