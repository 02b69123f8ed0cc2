using System.Buffers;
using System.Text.Json;

namespace PlanReview.Readers;

/// <summary>
/// Streams UTF-8 JSON from a <see cref="Stream"/> into a <see cref="Utf8JsonReader"/> through one
/// growing buffer: the reader never sees more than the buffer, and the buffer keeps only what the reader
/// has not consumed, plus the one entry a caller holds (<see cref="Hold"/>: its values, only located while
/// it is walked, can be read once the entry is known) or cuts out whole (<see cref="ReadEntry"/>: small
/// values, parsed in memory where <see cref="Utf8JsonReader"/> is at its fastest).
/// </summary>
/// <remarks>
/// <see cref="Utf8JsonReader"/> is a ref struct, so callers hold it and pass it by reference; every read
/// that may need more input goes through this class, which refills the buffer and re-creates the reader
/// from its saved state. Every block is checked as UTF-8 before the reader sees it; strings are measured
/// once the buffer has had to grow (a string that fits in the first 1 MiB cannot be near the limit, and
/// real plans never need more), so a hostile string costs at most the limit; and no single entry may grow
/// the buffer past <see cref="MaxEntryBytes"/>.
/// </remarks>
internal sealed class Utf8JsonSource
{
    /// <summary>What is done with one property's value, cut out whole (<see cref="ForEachNamedEntry"/>).</summary>
    public delegate void NamedEntry(string name, ReadOnlySpan<byte> entry);

    /// <summary>How deep a document may nest (real plans stay at a few dozen levels).</summary>
    public const int MaxDepth = 512;

    /// <summary>The largest single entry (a resource change, a state resource, a configuration block) held in the buffer: far above any real one.</summary>
    public const int MaxEntryBytes = 64 * 1024 * 1024;

    private const int InitialBuffer = 1 << 20;

    private static readonly SearchValues<byte> QuoteOrBackslash = SearchValues.Create("\"\\"u8);

    private readonly Stream stream;
    private readonly string source;

    // Measures strings once the buffer has grown (null before): from then on every block read is scanned.
    private JsonStringScanner? scanner;
    private long scannerFirstLine;
    private byte[] buffer = new byte[InitialBuffer];

    // buffer[0..end) holds input from absolute offset `origin`; the reader's span starts at buffer[start].
    private int start;
    private int end;
    private long origin;
    private bool final;

    // Bytes before this absolute offset are known to be UTF-8.
    private long validated;

    // An absolute offset that must stay in the buffer (the start of the entry being cut out), or -1.
    private long pinned = -1;

    // Lines and the start of the current line before buffer[0], for positions in messages.
    private long linesBefore;
    private long lineStartBefore;

    public Utf8JsonSource(Stream stream, string source)
    {
        this.stream = stream;
        this.source = source;
    }

    /// <summary>Options for the reader over an entry cut out by <see cref="ReadEntry"/>.</summary>
    public static JsonReaderOptions EntryOptions { get; } = new() { MaxDepth = MaxDepth, CommentHandling = JsonCommentHandling.Skip };

    /// <summary>The reader over the start of the input.</summary>
    public Utf8JsonReader Begin()
    {
        Fill();
        return new Utf8JsonReader(buffer.AsSpan(0, end), final, new JsonReaderState(EntryOptions));
    }

    /// <summary>Reads the next token, refilling as needed; false only at the end of the input.</summary>
    public bool Read(ref Utf8JsonReader reader)
    {
        while (!reader.Read())
        {
            if (final)
            {
                return false;
            }

            Refill(ref reader);
        }

        return true;
    }

    /// <summary>Moves from a property name onto its value; the input cannot end there in valid JSON.</summary>
    public void ToValue(ref Utf8JsonReader reader)
    {
        if (!Read(ref reader))
        {
            throw new PlanReadException(source, $"is not valid JSON at {Position(ref reader)}: the input ends after a property name");
        }
    }

    /// <summary>Leaves the reader on the last token of the value it is on (nothing to do for a scalar).</summary>
    public void Skip(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.PropertyName)
        {
            ToValue(ref reader);
        }

        if (reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray))
        {
            return;
        }

        while (!reader.TrySkip())
        {
            if (final)
            {
                reader.Skip();
                return;
            }

            Refill(ref reader);
        }
    }

    /// <summary>
    /// True when the reader is on an object, which the caller then walks with <see cref="NextProperty"/>;
    /// otherwise the value is skipped and the caller decides whether that is an error.
    /// </summary>
    public bool EnterObject(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.StartObject)
        {
            return true;
        }

        Skip(ref reader);
        return false;
    }

    /// <summary>True when the reader is on an array, which the caller then walks with <see cref="NextItem"/>; otherwise skipped.</summary>
    public bool EnterArray(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.StartArray)
        {
            return true;
        }

        Skip(ref reader);
        return false;
    }

    /// <summary>Moves to the next property name of the object being walked; false at its end.</summary>
    public bool NextProperty(ref Utf8JsonReader reader) =>
        Read(ref reader) && reader.TokenType == JsonTokenType.PropertyName;

    /// <summary>Moves onto the first token of the next item of the array being walked; false at its end.</summary>
    public bool NextItem(ref Utf8JsonReader reader) =>
        Read(ref reader) && reader.TokenType != JsonTokenType.EndArray;

    /// <summary>Calls <paramref name="onEntry"/> with the name and the value, cut out whole, of each property of the object the reader is on.</summary>
    public void ForEachNamedEntry(ref Utf8JsonReader reader, NamedEntry onEntry)
    {
        if (!EnterObject(ref reader))
        {
            return;
        }

        while (NextProperty(ref reader))
        {
            var name = reader.GetString()!;
            ToValue(ref reader);
            onEntry(name, ReadEntry(ref reader, out _));
        }
    }

    /// <summary>
    /// The whole value the reader is on, as UTF-8 bytes, valid until the next read (or, inside a
    /// <see cref="Hold"/>, until <see cref="Release"/>). The reader is left on its last token. The bytes
    /// have been checked by the reader, so parsing them cannot fail on syntax.
    /// </summary>
    public ReadOnlySpan<byte> ReadEntry(ref Utf8JsonReader reader, out long offset)
    {
        offset = TokenOffset(ref reader);
        var outer = pinned;
        if (outer < 0)
        {
            pinned = offset;
        }

        try
        {
            Skip(ref reader);
        }
        finally
        {
            pinned = outer;
        }

        return Bytes(offset, EndOffset(ref reader));
    }

    /// <summary>
    /// Keeps every byte from the token the reader is on in the buffer until <see cref="Release"/>, so that
    /// values located with <see cref="Locate"/> while an entry is walked can be read once the entry is known.
    /// </summary>
    public long Hold(ref Utf8JsonReader reader)
    {
        pinned = TokenOffset(ref reader);
        return pinned;
    }

    public void Release() => pinned = -1;

    /// <summary>Skips the value the reader is on and says where it lies (null for JSON null); readable with <see cref="Bytes"/> while held.</summary>
    public (long From, long To)? Locate(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        var from = TokenOffset(ref reader);
        Skip(ref reader);
        return (from, EndOffset(ref reader));
    }

    /// <summary>The bytes between two absolute offsets that are still in the buffer.</summary>
    public ReadOnlySpan<byte> Bytes(long from, long to) => buffer.AsSpan((int)(from - origin), (int)(to - from));

    /// <summary>Where the token the reader is on starts, counted in bytes from the start of the input.</summary>
    public long Offset(ref Utf8JsonReader reader) => TokenOffset(ref reader);

    private long TokenOffset(ref Utf8JsonReader reader) => origin + start + reader.TokenStartIndex;

    private long EndOffset(ref Utf8JsonReader reader) => origin + start + reader.BytesConsumed;

    /// <summary>"line L, column C" of the token the reader is on.</summary>
    public string Position(ref Utf8JsonReader reader) => PositionOf(TokenOffset(ref reader));

    /// <summary>"line L, column C" of an absolute offset that is still in the buffer (the entry last cut out, or the current token).</summary>
    public string PositionOf(long offset)
    {
        var before = buffer.AsSpan(0, (int)Math.Clamp(offset - origin, 0, end));
        var lastNewline = before.LastIndexOf((byte)'\n');
        var column = lastNewline >= 0 ? before.Length - lastNewline : offset - lineStartBefore + 1;
        return $"line {LineOf(origin + before.Length)}, column {column}";
    }

    /// <summary>Reads one block more (one read is enough to make progress) and checks it before the reader sees it.</summary>
    private void Fill()
    {
        if (end == buffer.Length || final)
        {
            return;
        }

        var n = stream.Read(buffer, end, buffer.Length - end);
        if (n == 0)
        {
            final = true;
        }
        else
        {
            CheckStringLength(end, n);
            end += n;
        }

        CheckUtf8();
    }

    /// <summary>
    /// Refuses a string longer than the limit as it arrives, before the reader must hold it whole. A string
    /// the initial buffer can hold is never near the limit, so strings are measured only once the buffer
    /// has had to grow: then from the start of what the buffer keeps (a token boundary, so outside any
    /// string) and through every block read after.
    /// </summary>
    private void CheckStringLength(int from, int count)
    {
        if (scanner is null)
        {
            if (buffer.Length == InitialBuffer)
            {
                return;
            }

            scanner = new JsonStringScanner(StringLengthGuard.MaxStringChars);
            scannerFirstLine = LineOf(origin);
            count += from;
            from = 0;
        }

        var state = scanner.Value;
        var ok = state.Scan<byte>(buffer.AsSpan(from, count), (byte)'"', (byte)'\\', (byte)'\n', QuoteOrBackslash);
        scanner = state;
        if (!ok)
        {
            throw new PlanReadException(source, StringLengthGuard.Problem(scannerFirstLine + state.Line - 1));
        }
    }

    /// <summary>
    /// Refuses bytes that are not UTF-8, as they arrive: the reader only checks the strings it decodes, and
    /// a plan must be text throughout. A character cut in two by the end of the block waits for the next one.
    /// </summary>
    private void CheckUtf8()
    {
        var pending = buffer.AsSpan((int)(validated - origin), (int)(origin + end - validated));
        var tail = final ? 0 : IncompleteTail(pending);
        if (!System.Text.Unicode.Utf8.IsValid(pending[..^tail]))
        {
            throw new PlanReadException(source, PlanLoader.InvalidUtf8);
        }

        validated = origin + end - tail;
    }

    /// <summary>How many bytes at the end start a character that the block does not finish (0 to 3).</summary>
    private static int IncompleteTail(ReadOnlySpan<byte> bytes)
    {
        for (var back = 1; back <= Math.Min(3, bytes.Length); back++)
        {
            var b = bytes[^back];
            if ((b & 0xC0) == 0x80)
            {
                continue;
            }

            var length = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
            return length > back ? back : 0;
        }

        return 0;
    }

    private long LineOf(long offset) => linesBefore + buffer.AsSpan(0, (int)(offset - origin)).Count((byte)'\n') + 1;

    /// <summary>Keeps what the reader has not consumed (and the pinned entry), reads more input, and re-creates the reader.</summary>
    private void Refill(ref Utf8JsonReader reader)
    {
        var consumed = start + (int)reader.BytesConsumed;
        var keep = pinned >= 0 ? Math.Min((int)(pinned - origin), consumed) : consumed;
        Discard(keep);
        start = consumed - keep;

        if (end == buffer.Length)
        {
            if (buffer.Length >= MaxEntryBytes)
            {
                throw new PlanReadException(source, $"has a single entry larger than {MaxEntryBytes / (1024 * 1024)} MiB starting at {PositionOf(origin)}; no real plan holds one (the limit protects the runner's memory)");
            }

            Array.Resize(ref buffer, Math.Min(buffer.Length * 2, MaxEntryBytes));
        }

        Fill();
        reader = new Utf8JsonReader(buffer.AsSpan(start, end - start), final, reader.CurrentState);
    }

    private void Discard(int count)
    {
        if (count == 0)
        {
            return;
        }

        var gone = buffer.AsSpan(0, count);
        var lastNewline = gone.LastIndexOf((byte)'\n');
        if (lastNewline >= 0)
        {
            linesBefore += gone.Count((byte)'\n');
            lineStartBefore = origin + lastNewline + 1;
        }

        buffer.AsSpan(count, end - count).CopyTo(buffer);
        end -= count;
        origin += count;
    }
}
