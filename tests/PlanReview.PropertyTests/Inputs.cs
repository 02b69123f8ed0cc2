using PlanReview.Readers;

namespace PlanReview.PropertyTests;

/// <summary>The real plans the properties start from, and the one property every input must keep.</summary>
internal static class Inputs
{
    /// <summary>Longer than any honest read of these small inputs takes, even on a busy two-core runner.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    public static string Root { get; } = FindRoot();

    /// <summary>Every fixture of every format: Terraform plans, CloudFormation change sets, Pulumi previews and event logs.</summary>
    public static IReadOnlyList<(string Name, byte[] Bytes)> Fixtures { get; } = LoadFixtures();

    /// <summary>
    /// The property: the loader returns a plan or throws <see cref="PlanReadException"/> with a one-line
    /// message naming the input, within <see cref="Timeout"/>. Anything else (another exception type, a
    /// hang, a multi-line message) fails with a description of what happened.
    /// </summary>
    public static string? LoadOutcome(Stream input, string source = "x")
    {
        using var cancel = new CancellationTokenSource();
        var task = Task.Run(() => PlanLoader.Default.Load(input, source, cancellationToken: cancel.Token));
        try
        {
            if (!task.Wait(Timeout))
            {
                cancel.Cancel();
                throw new TimeoutException($"the loader did not finish within {Timeout.TotalSeconds} s");
            }

            return null;
        }
        catch (AggregateException ex) when (ex.InnerException is PlanReadException read)
        {
            Assert.DoesNotContain('\n', read.Message);
            Assert.DoesNotContain('\r', read.Message);
            Assert.StartsWith(source + ": ", read.Message, StringComparison.Ordinal);
            return read.Message;
        }
        catch (AggregateException ex) when (ex.InnerException is { } inner)
        {
            throw new Xunit.Sdk.XunitException($"the loader threw {inner.GetType().Name}, not PlanReadException: {inner.Message}");
        }
    }

    public static string? LoadOutcome(byte[] bytes, string source = "x") => LoadOutcome(new MemoryStream(bytes, writable: false), source);

    private static IReadOnlyList<(string, byte[])> LoadFixtures()
    {
        var fixtures = Path.Combine(Root, "tests", "fixtures");
        return Directory.EnumerateFiles(fixtures, "*.json*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".json", StringComparison.Ordinal) || f.EndsWith(".jsonl", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(f => (Path.GetRelativePath(fixtures, f), File.ReadAllBytes(f)))
            .ToArray();
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PlanReview.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("PlanReview.sln not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>
/// A read-only stream of <paramref name="head"/>, then <paramref name="repeat"/> repeated up to
/// <paramref name="repeatBytes"/> bytes, then <paramref name="tail"/>, produced on demand: a test can
/// offer a 100 MB document without ever holding it.
/// </summary>
internal sealed class GeneratedStream(byte[] head, byte repeat, long repeatBytes, byte[] tail) : Stream
{
    private long position;

    public long BytesRead => position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => head.Length + repeatBytes + tail.Length;

    public override long Position { get => position; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var written = 0;
        while (written < buffer.Length && position < Length)
        {
            if (position < head.Length)
            {
                buffer[written++] = head[position];
            }
            else if (position < head.Length + repeatBytes)
            {
                var n = (int)Math.Min(buffer.Length - written, head.Length + repeatBytes - position);
                buffer.Slice(written, n).Fill(repeat);
                written += n;
                position += n;
                continue;
            }
            else
            {
                buffer[written++] = tail[position - head.Length - repeatBytes];
            }

            position++;
        }

        return written;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
