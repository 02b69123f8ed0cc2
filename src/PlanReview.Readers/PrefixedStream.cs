namespace PlanReview.Readers;

/// <summary>A read-only stream that replays a few bytes already read, then the rest of the inner stream.</summary>
internal sealed class PrefixedStream : ReadOnlyStream
{
    private readonly ReadOnlyMemory<byte> head;
    private readonly Stream inner;
    private int position;

    public PrefixedStream(ReadOnlyMemory<byte> head, Stream inner)
    {
        this.head = head;
        this.inner = inner;
    }

    public override int Read(Span<byte> buffer)
    {
        if (position < head.Length)
        {
            var n = Math.Min(buffer.Length, head.Length - position);
            head.Span.Slice(position, n).CopyTo(buffer);
            position += n;
            return n;
        }

        return inner.Read(buffer);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
