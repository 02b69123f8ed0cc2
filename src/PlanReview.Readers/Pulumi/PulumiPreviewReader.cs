using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using PlanReview.Core.Model;

namespace PlanReview.Readers.Pulumi;

/// <summary>
/// Reads the preview digest written by <c>pulumi preview --json</c> (<c>steps[]</c>, <c>diagnostics[]</c>,
/// <c>changeSummary</c>), streaming: one step at a time. The op mapping is <see cref="PulumiPlanBuilder"/>'s.
/// </summary>
/// <remarks>
/// <c>config</c> is skipped unread (secrets are blinded there, but nothing in the model needs it).
/// <c>changeSummary</c> is not used for counting: it counts hidden <c>same</c> steps and leaves out failed
/// protected deletes (plan-formats.md §3.8); the steps are the truth.
/// </remarks>
public sealed class PulumiPreviewReader : IPlanReader
{
    public PlanFormat Format => PlanFormat.Pulumi;

    public InputKind Kind => InputKind.PulumiPreview;

    public Plan Read(TextReader text, string source, CancellationToken cancellationToken = default)
    {
        using var reader = PlanJson.CreateReader(text);

        if (!reader.Read() || reader.TokenType != JsonToken.StartObject)
        {
            throw new PlanReadException(source, "is not a Pulumi preview (expected the JSON object written by `pulumi preview --json`)");
        }

        var builder = new PulumiPlanBuilder();
        var sawSteps = false;
        var maybeCorrupt = false;
        while (reader.Read() && reader.TokenType == JsonToken.PropertyName)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var name = (string)reader.Value!;
            reader.Read();
            switch (name)
            {
                case "steps":
                    sawSteps = true;
                    ReadArray(reader, source, "steps", (item, index) =>
                    {
                        var step = PulumiStep.From(item, index, digest: true)
                            ?? throw new PlanReadException(source, $"`steps[{index}]` has no urn");
                        builder.AddStep(step);
                    }, cancellationToken);
                    break;
                case "diagnostics":
                    ReadArray(reader, source, "diagnostics", (item, _) =>
                        builder.AddDiagnostic(Str(item["severity"]), Str(item["message"]), Str(item["urn"])), cancellationToken);
                    break;
                case "changeSummary":
                    builder.SetSummary(reader.TokenType == JsonToken.StartObject ? JObject.Load(reader) : null);
                    if (reader.TokenType != JsonToken.EndObject)
                    {
                        reader.Skip();
                    }

                    break;
                case "maybeCorrupt":
                    maybeCorrupt = reader.TokenType == JsonToken.Boolean && (bool)reader.Value!;
                    break;
                default:
                    // config (blinded secrets), duration: not needed.
                    reader.Skip();
                    break;
            }
        }

        if (reader.TokenType != JsonToken.EndObject)
        {
            throw new PlanReadException(source, "is not a complete JSON object (the preview ends early)");
        }

        if (!sawSteps)
        {
            builder.AddMessage("info", "the preview lists no steps: nothing to change");
        }

        if (maybeCorrupt)
        {
            builder.AddMessage("warning", "Pulumi says the stack state may be corrupt (maybeCorrupt); the preview may not match what `pulumi up` will do");
        }

        return builder.Build(source, runFailed: false, complete: null);
    }

    private static void ReadArray(JsonTextReader reader, string source, string name, Action<JObject, int> onItem, CancellationToken cancellationToken)
    {
        if (reader.TokenType == JsonToken.Null)
        {
            return;
        }

        if (reader.TokenType != JsonToken.StartArray)
        {
            throw new PlanReadException(source, $"`{name}` is not a list");
        }

        var index = 0;
        while (reader.Read() && reader.TokenType != JsonToken.EndArray)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (reader.TokenType != JsonToken.StartObject)
            {
                throw new PlanReadException(source, $"`{name}[{index}]` is not an object");
            }

            onItem(JObject.Load(reader), index);
            index++;
        }
    }

    private static string? Str(JToken? token) => token is JValue { Type: JTokenType.String } v ? (string?)v : null;
}
