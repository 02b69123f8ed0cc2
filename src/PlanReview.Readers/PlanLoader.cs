using System.Collections.Immutable;
using System.Text;
using Newtonsoft.Json;
using PlanReview.Core.Model;
using PlanReview.Readers.CloudFormation;
using PlanReview.Readers.Pulumi;
using PlanReview.Readers.Terraform;

namespace PlanReview.Readers;

/// <summary>
/// The edge where plan files are opened: decodes (UTF-8, or UTF-16/32 by byte order mark), detects
/// the format from a bounded prefix, and hands the stream to the reader for that format. Every
/// problem becomes a <see cref="PlanReadException"/> naming the file.
/// </summary>
public sealed partial class PlanLoader
{
    /// <summary>How many bytes the detector may look at before it must decide.</summary>
    public const int DetectionPrefixBytes = 1 << 20;

    /// <summary>The message for input that is not text in one of the accepted encodings.</summary>
    public const string InvalidUtf8 = "is not valid UTF-8 text (a plan is JSON text: UTF-8, or UTF-16 with a byte order mark)";

    private static readonly Encoding StrictUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly ImmutableArray<IPlanReader> readers;

    public PlanLoader(IEnumerable<IPlanReader> readers) => this.readers = readers.ToImmutableArray();

    public static PlanLoader Default { get; } = new(
    [
        new TerraformPlanReader(),
        new CloudFormationChangeSetReader(),
        new PulumiPreviewReader(),
        new PulumiEventLogReader(),
    ]);

    /// <summary>What to tell a user whose file is none of the accepted formats.</summary>
    public const string AcceptedFormats =
        "accepted: `terraform show -json PLANFILE`, `aws cloudformation describe-change-set --output json`, " +
        "`pulumi preview --json`, or a Pulumi `--event-log` file";

    /// <summary>Expands the command-line inputs: a folder stands for the <c>*.json</c> and <c>*.jsonl</c> files in it, sorted.</summary>
    public static ImmutableArray<string> ExpandInputs(IEnumerable<string> inputs)
    {
        var result = ImmutableArray.CreateBuilder<string>();
        foreach (var input in inputs)
        {
            if (input != "-" && Directory.Exists(input))
            {
                result.AddRange(Directory.EnumerateFiles(input)
                    .Where(f => f.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase))
                    .Order(StringComparer.Ordinal));
            }
            else
            {
                result.Add(input);
            }
        }

        return result.ToImmutable();
    }

    /// <summary>Reads one plan from a path (<c>-</c> for standard input).</summary>
    public Plan Load(string path, PlanFormat? forceFormat = null, CancellationToken cancellationToken = default)
    {
        Stream stream;
        try
        {
            stream = path == "-" ? Console.OpenStandardInput() : new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new PlanReadException(path, "no such file");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new PlanReadException(path, $"cannot be opened: {ex.Message}");
        }

        using (stream)
        {
            return Load(stream, path, forceFormat, cancellationToken);
        }
    }

    /// <summary>Reads one plan from a stream; <paramref name="source"/> names it in messages.</summary>
    public Plan Load(Stream stream, string source, PlanFormat? forceFormat = null, CancellationToken cancellationToken = default)
    {
        var start = stream is FileStream { CanSeek: true } atStart ? atStart.Position : -1;
        var head = new byte[DetectionPrefixBytes];
        var headLength = Fill(stream, head);
        if (FormatDetector.IsZip(head.AsSpan(0, headLength)))
        {
            throw new PlanReadException(source, "is a binary Terraform plan file; run `terraform show -json` on it and pass the JSON");
        }

        var (encoding, mark) = EncodingOf(head.AsSpan(0, headLength));
        var body = head.AsMemory(mark, headLength - mark);
        string prefix;
        try
        {
            prefix = Decode(encoding, body.Span, complete: headLength < head.Length);
        }
        catch (DecoderFallbackException)
        {
            throw new PlanReadException(source, InvalidUtf8);
        }

        var kind = FormatDetector.Detect(prefix);
        var reader = SelectReader(kind, forceFormat, prefix, source);
        var rest = new PrefixedStream(body, stream);
        try
        {
            if (reader is IUtf8PlanReader utf8Reader)
            {
                var isUtf8 = encoding.CodePage == Encoding.UTF8.CodePage;
                using var utf8 = isUtf8 ? rest : Encoding.CreateTranscodingStream(rest, encoding, Encoding.UTF8, leaveOpen: true);
                var seekable = isUtf8 && stream is FileStream file && start >= 0 ? Reopenable(file, start + mark) : null;
                return utf8Reader.Read(utf8, source, seekable, cancellationToken);
            }

            // Every text reader reads through the guard: no string value longer than the limit is ever held in memory.
            using var text = new StringLengthGuard(new StreamReader(rest, encoding, detectEncodingFromByteOrderMarks: false, bufferSize: 1 << 16), source);
            return reader.Read(text, source, cancellationToken);
        }
        catch (JsonReaderException ex) when (MaxDepthExceeded().Match(ex.Message) is { Success: true } depth)
        {
            // Newtonsoft's own message repeats the whole path, one "[0]" per level: hundreds of characters.
            throw new PlanReadException(source, $"nests deeper than {depth.Groups[1].Value} levels at line {ex.LineNumber}, column {ex.LinePosition} (the limit that protects the reader from hostile input; real plans stay far below it)");
        }
        catch (JsonException ex)
        {
            throw new PlanReadException(source, $"is not valid JSON: {OneLine(ex.Message)}");
        }
        catch (DecoderFallbackException)
        {
            throw new PlanReadException(source, InvalidUtf8);
        }
    }

    /// <summary>The document in a file, from <paramref name="start"/>, as an input that can be opened again at any offset.</summary>
    private static SeekableInput Reopenable(FileStream file, long start) =>
        new(file.Length - start, offset =>
        {
            // Shared for deleting too: the second half may still be closing when the caller removes the file.
            var again = new FileStream(file.Name, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16, FileOptions.SequentialScan);
            again.Position = start + offset;
            return again;
        });

    /// <summary>The encoding a byte order mark announces (UTF-8 without one), strict about invalid bytes, and the mark's length.</summary>
    private static (Encoding Encoding, int Mark) EncodingOf(ReadOnlySpan<byte> head) => head switch
    {
        [0xEF, 0xBB, 0xBF, ..] => (StrictUtf8, 3),
        [0xFF, 0xFE, 0x00, 0x00, ..] => (new UTF32Encoding(bigEndian: false, byteOrderMark: false, throwOnInvalidCharacters: true), 4),
        [0x00, 0x00, 0xFE, 0xFF, ..] => (new UTF32Encoding(bigEndian: true, byteOrderMark: false, throwOnInvalidCharacters: true), 4),
        [0xFF, 0xFE, ..] => (new UnicodeEncoding(bigEndian: false, byteOrderMark: false, throwOnInvalidBytes: true), 2),
        [0xFE, 0xFF, ..] => (new UnicodeEncoding(bigEndian: true, byteOrderMark: false, throwOnInvalidBytes: true), 2),
        _ => (StrictUtf8, 0),
    };

    /// <summary>Decodes the detection prefix; a character cut in two at its end is left out unless the input ended there.</summary>
    private static string Decode(Encoding encoding, ReadOnlySpan<byte> bytes, bool complete)
    {
        var chars = new char[encoding.GetMaxCharCount(bytes.Length)];
        encoding.GetDecoder().Convert(bytes, chars, flush: complete, out _, out var written, out _);
        return new string(chars, 0, written);
    }

    private IPlanReader SelectReader(InputKind kind, PlanFormat? forceFormat, string prefix, string source)
    {
        switch (kind)
        {
            case InputKind.Empty:
                throw new PlanReadException(source, "is empty; " + AcceptedFormats);
            case InputKind.TerraformState:
                throw new PlanReadException(source, "is a Terraform state, not a plan; run `terraform plan -out tf.plan` and `terraform show -json tf.plan`");
            case InputKind.CloudFormationCreateChangeSetOutput:
                throw new PlanReadException(source, "is the output of `aws cloudformation create-change-set` (ids only, no changes); run `aws cloudformation describe-change-set --change-set-name <Id>` and pass its output");
            case InputKind.NotJson:
                var start = prefix.TrimStart();
                var hint = start.StartsWith("[command]", StringComparison.Ordinal)
                    ? " (it is the log of hashicorp/setup-terraform's wrapper: set `terraform_wrapper: false`, or write the JSON with `terraform show -json tf.plan > plan.json`)"
                    : string.Empty;
                throw new PlanReadException(source, "is not JSON" + hint + "; " + AcceptedFormats);
        }

        if (forceFormat is { } format)
        {
            var forced = readers.Where(r => r.Format == format).ToArray();
            return forced.FirstOrDefault(r => r.Kind == kind) ?? forced.FirstOrDefault()
                ?? throw new PlanReadException(source, $"no reader for format {format}");
        }

        return readers.FirstOrDefault(r => r.Kind == kind)
            ?? throw new PlanReadException(source, "is not a plan this tool understands; " + AcceptedFormats);
    }

    private static int Fill(Stream stream, byte[] head)
    {
        var total = 0;
        while (total < head.Length)
        {
            var n = stream.Read(head, total, head.Length - total);
            if (n == 0)
            {
                break;
            }

            total += n;
        }

        return total;
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ");

    [System.Text.RegularExpressions.GeneratedRegex(@"MaxDepth of (\d+) has been exceeded")]
    private static partial System.Text.RegularExpressions.Regex MaxDepthExceeded();
}
