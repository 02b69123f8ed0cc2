using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using PlanReview.Core.Model;

namespace PlanReview.Readers.Pulumi;

/// <summary>
/// Reads a Pulumi engine event log (<c>--event-log FILE</c>, also <c>pulumi up --json</c> and the
/// streaming preview): one JSON object per line, read one line at a time.
/// </summary>
/// <remarks>
/// <para>
/// Steps are counted from <c>resourcePreEvent.metadata</c>, one per step; <c>resOutputsEvent</c> repeats
/// them and is ignored (it is also missing for steps that failed or were interrupted). Steps are folded
/// by URN as in the digest (<see cref="PulumiPlanBuilder"/>). <c>summaryEvent</c> is a cross-check only:
/// it counts logical ops and leaves out failed protected deletes and reads.
/// </para>
/// <para>
/// The log must have one object per line. A stream of pretty-printed, concatenated values is a
/// different thing (some tools re-indent the log) and is refused rather than guessed at: its line
/// boundaries no longer mark events, so a truncated or merged event could go unnoticed.
/// </para>
/// <para>
/// Errored: a failure on a resource that is not a protected delete/replace, an <c>errorEvent</c>, or a
/// failed run with no resource failure at all. A preview that fails only because it would delete a
/// protected resource is still a preview of that delete (rule PRV111 reports it).
/// </para>
/// </remarks>
public sealed class PulumiEventLogReader : IPlanReader
{
    private const string OneObjectPerLine = "one JSON object per line expected (as written by --event-log)";

    public PlanFormat Format => PlanFormat.Pulumi;

    public InputKind Kind => InputKind.PulumiEventLog;

    public Plan Read(TextReader text, string source, CancellationToken cancellationToken = default)
    {
        var builder = new PulumiPlanBuilder();
        var lineNumber = 0;
        var events = 0;
        var sawSummary = false;
        var runFailed = false;
        string? line;
        while ((line = text.ReadLine()) is not null)
        {
            cancellationToken.ThrowIfCancellationRequested();
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var e = ParseLine(line, lineNumber, source);
            events++;
            if (e["resourcePreEvent"] is JObject pre)
            {
                if (pre["metadata"] is JObject metadata)
                {
                    var step = PulumiStep.From(metadata, builder.StepCount, digest: false)
                        ?? throw new PlanReadException(source, $"line {lineNumber}: resourcePreEvent without a urn");
                    builder.AddStep(step);
                }
            }
            else if (e["diagnosticEvent"] is JObject diagnostic)
            {
                builder.AddDiagnostic(Str(diagnostic["severity"]), Str(diagnostic["message"]), Str(diagnostic["urn"]));
            }
            else if (e["resOpFailedEvent"] is JObject failed)
            {
                builder.AddFailedOperation(Str(failed["metadata"]?["urn"]));
            }
            else if (e["errorEvent"] is JObject error)
            {
                builder.AddEngineError(Str(error["error"]) ?? "the engine reported an error");
            }
            else if (e["summaryEvent"] is JObject summary)
            {
                sawSummary = true;
                runFailed = Str(summary["result"]) == "failed";
                builder.SetSummary(summary["resourceChanges"] as JObject);
                if (summary["maybeCorrupt"] is JValue { Type: JTokenType.Boolean } corrupt && (bool)corrupt)
                {
                    builder.AddMessage("warning", "Pulumi says the stack state may be corrupt (maybeCorrupt)");
                }
            }
        }

        if (events == 0)
        {
            throw new PlanReadException(source, "has no events; " + OneObjectPerLine);
        }

        bool? complete = null;
        if (!sawSummary)
        {
            complete = false;
            builder.AddMessage("warning", "the event log has no summaryEvent: the run was cut off or is still going, so steps may be missing");
        }

        return builder.Build(source, runFailed, complete);
    }

    /// <summary>Parses one line as exactly one JSON object: a line that holds part of a value, or two values, is refused.</summary>
    private static JObject ParseLine(string line, int lineNumber, string source)
    {
        try
        {
            using var reader = PlanJson.CreateReader(new StringReader(line));

            // So that a second value on the line is seen as one, not as a syntax error.
            reader.SupportMultipleContent = true;
            if (!reader.Read() || reader.TokenType != JsonToken.StartObject)
            {
                throw new PlanReadException(source, $"line {lineNumber} is not a JSON object; {OneObjectPerLine}");
            }

            var value = JObject.Load(reader);
            if (reader.Read())
            {
                throw new PlanReadException(source, $"line {lineNumber} holds more than one JSON value; {OneObjectPerLine}");
            }

            return value;
        }
        catch (JsonException ex)
        {
            throw new PlanReadException(source, $"line {lineNumber} is not a complete JSON object ({ex.Message.ReplaceLineEndings(" ")}); {OneObjectPerLine}", ex);
        }
    }

    private static string? Str(JToken? token) => token is JValue { Type: JTokenType.String } v ? (string?)v : null;
}
