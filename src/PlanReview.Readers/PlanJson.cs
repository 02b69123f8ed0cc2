using Newtonsoft.Json;

namespace PlanReview.Readers;

/// <summary>
/// How the CloudFormation and Pulumi readers (and the format detector) open JSON: numbers and dates kept
/// as written, and a nesting limit that protects the runner from hostile input (docs/limits.md).
/// The Terraform reader has its own deeper limit (<c>TerraformPlanReader.MaxDepth</c>).
/// </summary>
internal static class PlanJson
{
    public const int MaxDepth = 256;

    public static JsonTextReader CreateReader(TextReader text) => new(text)
    {
        DateParseHandling = DateParseHandling.None,
        FloatParseHandling = FloatParseHandling.Decimal,
        MaxDepth = MaxDepth,
        CloseInput = false,
    };
}
