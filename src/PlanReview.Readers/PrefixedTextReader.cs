namespace PlanReview.Readers;

/// <summary>
/// A text reader that first replays a prefix already read (for format detection), then continues
/// with the rest of the underlying reader: detection never needs the whole document, and standard
/// input never needs to be rewound.
/// </summary>
internal sealed class PrefixedTextReader : TextReader
{
    private readonly string prefix;
    private readonly TextReader rest;
    private int position;

    public PrefixedTextReader(string prefix, TextReader rest)
    {
        this.prefix = prefix;
        this.rest = rest;
    }

    public override int Peek() => position < prefix.Length ? prefix[position] : rest.Peek();

    public override int Read() => position < prefix.Length ? prefix[position++] : rest.Read();

    public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

    public override int Read(Span<char> buffer)
    {
        if (position < prefix.Length)
        {
            var n = Math.Min(buffer.Length, prefix.Length - position);
            prefix.AsSpan(position, n).CopyTo(buffer);
            position += n;
            return n;
        }

        return rest.Read(buffer);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            rest.Dispose();
        }

        base.Dispose(disposing);
    }
}
