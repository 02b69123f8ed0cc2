using System.Globalization;

namespace PlanReview.Reporting.Text;

/// <summary>
/// A read-only stream that reports how much of a large file has been read ("reading plan.json: 412 / 980 MB,
/// 42%"), rewriting one line on a terminal. The caller decides when to use it: only for big files and only
/// when the output is a terminal, so logs and pipes never see carriage returns.
/// </summary>
public sealed class ProgressStream : Stream
{
    /// <summary>Files smaller than this read fast enough that a progress line would only flicker.</summary>
    public const long Threshold = 20L * 1024 * 1024;

    private const long Step = 4L * 1024 * 1024;

    private readonly Stream inner;

    private readonly TextWriter output;

    private readonly string label;

    private readonly long total;

    private long read;

    private long lastReported;

    private bool reported;

    private bool finished;

    public ProgressStream(Stream inner, long total, string label, TextWriter output)
    {
        this.inner = inner;
        this.total = total;
        this.label = TextReport.Safe(label);
        this.output = output;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => inner.Length;

    public override long Position
    {
        get => inner.Position;
        set => throw new NotSupportedException();
    }

    /// <summary>The progress line for a byte count (the writer draws it behind a carriage return).</summary>
    public static string Describe(string label, long read, long total)
    {
        static string Megabytes(long bytes) => (bytes / (1024.0 * 1024.0)).ToString("0", CultureInfo.InvariantCulture);
        var percent = total <= 0 ? 100 : (int)Math.Min(100, read * 100 / total);
        return $"reading {label}: {Megabytes(read)} / {Megabytes(total)} MB, {percent}%";
    }

    public override int Read(byte[] buffer, int offset, int count) => Advance(inner.Read(buffer, offset, count));

    public override int Read(Span<byte> buffer) => Advance(inner.Read(buffer));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Advance(await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

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
            Finish();
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private int Advance(int count)
    {
        read += count;
        if (count == 0)
        {
            Finish();
        }
        else if (read - lastReported >= Step)
        {
            lastReported = read;
            reported = true;
            output.Write("\r" + Describe(label, read, total) + "\u001b[K");
            output.Flush();
        }

        return count;
    }

    /// <summary>Clears the progress line so the summary starts on a clean line.</summary>
    private void Finish()
    {
        if (finished || !reported)
        {
            return;
        }

        finished = true;
        output.Write("\r\u001b[K");
        output.Flush();
    }
}
