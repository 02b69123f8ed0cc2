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
    /// <summary>How much text the detector may look at before it must decide.</summary>
    public const int DetectionPrefixChars = 1 << 20;

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
        var buffered = new BufferedStream(stream, 1 << 16);
        var head = new byte[4];
        var headLength = FillHead(buffered, head);
        if (FormatDetector.IsZip(head.AsSpan(0, headLength)))
        {
            throw new PlanReadException(source, "is a binary Terraform plan file; run `terraform show -json` on it and pass the JSON");
        }

        var decoded = new StreamReader(new PrefixedStream(head.AsMemory(0, headLength), buffered), new UTF8Encoding(false, true), detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);

        // Every reader reads through the guard: no string value longer than the limit is ever held in memory.
        var text = new StringLengthGuard(decoded, source);
        var prefixBuffer = new char[DetectionPrefixChars];
        int prefixLength;
        try
        {
            prefixLength = text.ReadBlock(prefixBuffer, 0, prefixBuffer.Length);
        }
        catch (DecoderFallbackException)
        {
            throw new PlanReadException(source, "is not valid UTF-8 text (a plan is JSON text: UTF-8, or UTF-16 with a byte order mark)");
        }

        var prefix = new string(prefixBuffer, 0, prefixLength);
        var kind = FormatDetector.Detect(prefix);
        var reader = SelectReader(kind, forceFormat, prefix, source);
        using var replay = new PrefixedTextReader(prefix, text);
        try
        {
            return reader.Read(replay, source, cancellationToken);
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
            throw new PlanReadException(source, "is not valid UTF-8 text (a plan is JSON text: UTF-8, or UTF-16 with a byte order mark)");
        }
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

    private static int FillHead(Stream stream, byte[] head)
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
