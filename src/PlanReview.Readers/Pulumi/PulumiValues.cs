using System.Collections.Immutable;
using System.Globalization;
using Newtonsoft.Json.Linq;
using PlanReview.Core.Model;

namespace PlanReview.Readers.Pulumi;

/// <summary>
/// Turns serialized Pulumi property maps into <see cref="PlanValue"/> trees, masking secrets
/// (plan-formats.md §3.7). The signature key marks secrets, but also assets, archives, resource
/// references, output values and byte strings: only the secret ones are secrets.
/// </summary>
internal static class PulumiValues
{
    public const string SigKey = "4dabf18193072939515e22adb298388d";
    public const string SecretSig = "1b47061264138c4ac30d75fd1eb44270";
    public const string AssetSig = "c44067f5952c0a294b673a41bacd8c17";
    public const string ArchiveSig = "0def7320c3a5731c473e5ecbe6d01bc7";
    public const string ResourceReferenceSig = "5cf8f73096256a8f31e491e813e4eb8e";
    public const string OutputValueSig = "d0e6a833031e9bbcd3f4e8bde6ca49a4";

    /// <summary>What the preview digest writes in place of a secret value.</summary>
    public const string SecretPlaceholder = "[secret]";

    /// <summary>The engine's sentinel for a value known only after apply.</summary>
    public const string UnknownSentinel = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

    public static PlanValue? FromOptional(JToken? token) =>
        token is null || token.Type == JTokenType.Null ? null : From(token);

    private static readonly JTokenValues Converter = new(
        text => text switch
        {
            SecretPlaceholder => PlanValue.Sensitive,
            UnknownSentinel => PlanValue.Unknown,
            _ => PlanValue.From(text),
        },
        o => o[SigKey] is JValue sig ? FromSignature(o, Convert.ToString(sig.Value, CultureInfo.InvariantCulture)) : null);

    public static PlanValue From(JToken token) => Converter.From(token);

    /// <summary>
    /// Assets and archives become a short description (their content may be whole source files);
    /// a signature we do not know is masked: tolerant reading, but never a leak.
    /// </summary>
    private static PlanValue FromSignature(JObject o, string? sig) => sig switch
    {
        SecretSig => PlanValue.Sensitive,
        AssetSig => PlanValue.From(Describe("asset", o)),
        ArchiveSig => PlanValue.From(Describe("archive", o)),
        ResourceReferenceSig => PlanValue.From("resource " + (Str(o["urn"]) ?? "(unknown urn)")),
        OutputValueSig when o["secret"] is JValue { Type: JTokenType.Boolean } secret && (bool)secret => PlanValue.Sensitive,
        OutputValueSig => o["value"] is { } value ? From(value) : PlanValue.Unknown,
        _ => PlanValue.Sensitive,
    };

    private static string Describe(string kind, JObject o)
    {
        var where = Str(o["path"]) ?? Str(o["uri"]);
        if (where is not null)
        {
            return $"{kind} {where}";
        }

        var hash = Str(o["hash"]);
        return hash is null ? kind : $"{kind} sha256:{hash}";
    }

    private static string? Str(JToken? token) => token is JValue { Type: JTokenType.String } v ? (string?)v : null;
}
