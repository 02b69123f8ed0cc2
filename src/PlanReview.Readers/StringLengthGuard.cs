using System.Buffers;

namespace PlanReview.Readers;

/// <summary>
/// Passes JSON text through and stops it, with a <see cref="PlanReadException"/>, as soon as one string
/// value grows past <see cref="MaxStringChars"/>. JSON readers hold a whole string in memory before
/// the caller sees it, so the check must happen on the way in: a 2 GB string in a hostile plan would
/// otherwise cost the runner gigabytes before any reader could refuse it.
/// </summary>
internal sealed class StringLengthGuard : TextReader
{
    /// <summary>The longest string value accepted, in UTF-16 characters (16 Mi): far above any real attribute, far below the runner's memory.</summary>
    public const int MaxStringChars = 16 * 1024 * 1024;

    private static readonly SearchValues<char> QuoteOrBackslash = SearchValues.Create("\"\\");

    private readonly TextReader inner;
    private readonly string source;
    private JsonStringScanner scanner;

    public StringLengthGuard(TextReader inner, string source, int limit = MaxStringChars)
    {
        this.inner = inner;
        this.source = source;
        scanner = new JsonStringScanner(limit);
    }

    /// <summary>The message for a string over the limit; tests and docs/limits.md quote it.</summary>
    public static string Problem(long line) =>
        $"has a string value longer than 16 MiB at line {line}; no real plan holds one (the limit protects the runner's memory)";

    public override int Peek() => inner.Peek();

    public override int Read()
    {
        var c = inner.Read();
        if (c >= 0)
        {
            var one = (char)c;
            Scan(new ReadOnlySpan<char>(in one));
        }

        return c;
    }

    public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

    public override int Read(Span<char> buffer)
    {
        var n = inner.Read(buffer);
        Scan(buffer[..n]);
        return n;
    }

    public override int ReadBlock(Span<char> buffer)
    {
        var n = inner.ReadBlock(buffer);
        Scan(buffer[..n]);
        return n;
    }

    public override int ReadBlock(char[] buffer, int index, int count) => ReadBlock(buffer.AsSpan(index, count));

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Scan(ReadOnlySpan<char> text)
    {
        if (!scanner.Scan(text, '"', '\\', '\n', QuoteOrBackslash))
        {
            throw new PlanReadException(source, Problem(scanner.Line));
        }
    }
}
