using System.Text;

namespace PlanReview.Readers;

/// <summary>A read-only stream of the UTF-8 encoding of a <see cref="TextReader"/>'s text, encoded a block at a time.</summary>
internal sealed class TextReaderUtf8Stream : ReadOnlyStream
{
    private readonly TextReader text;
    private readonly Encoder encoder = new UTF8Encoding(false).GetEncoder();
    private readonly char[] chars = new char[16 * 1024];
    private readonly byte[] bytes = new byte[Encoding.UTF8.GetMaxByteCount(16 * 1024) + 4];
    private int position;
    private int length;
    private bool done;

    public TextReaderUtf8Stream(TextReader text) => this.text = text;

    public override int Read(Span<byte> buffer)
    {
        while (position == length && !done)
        {
            var n = text.Read(chars, 0, chars.Length);
            done = n == 0;
            length = encoder.GetBytes(chars, 0, n, bytes, 0, flush: done);
            position = 0;
        }

        var available = Math.Min(buffer.Length, length - position);
        bytes.AsSpan(position, available).CopyTo(buffer);
        position += available;
        return available;
    }
}
