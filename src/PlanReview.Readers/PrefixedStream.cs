namespace PlanReview.Readers;

/// <summary>A read-only stream that replays a few bytes already read, then the rest of the inner stream.</summary>
internal sealed class PrefixedStream : Stream
{
    private readonly ReadOnlyMemory<byte> head;
    private readonly Stream inner;
    private int position;

    public PrefixedStream(ReadOnlyMemory<byte> head, Stream inner)
    {
        this.head = head;
        this.inner = inner;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

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

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
