using System.Collections.Immutable;
using System.Globalization;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using PlanReview.Core.Model;

namespace PlanReview.Readers.CloudFormation;

/// <summary>
/// Turns CloudFormation template fragments (<c>BeforeContext</c>/<c>AfterContext</c>) into
/// <see cref="PlanValue"/> trees, masking what AWS itself masks.
/// </summary>
internal static class CloudFormationValues
{
    /// <summary>How AWS masks a <c>NoEcho</c> parameter value wherever it would appear.</summary>
    public const string NoEchoMask = "****";

    /// <summary>The placeholder AWS writes for a value that depends on a change not yet applied.</summary>
    public const string KnownAfterApply = "{{changeSet:KNOWN_AFTER_APPLY}}";

    /// <summary>
    /// Reads a context: AWS returns it as JSON encoded in a string; LocalStack snapshots store it
    /// already parsed. A context that cannot be parsed is dropped rather than shown raw, because a
    /// raw string could carry values the tree form would have masked.
    /// </summary>
    public static PlanValue? FromContext(JToken? context)
    {
        switch (context)
        {
            case null:
                return null;
            case JValue { Type: JTokenType.Null }:
                return null;
            case JValue { Type: JTokenType.String } s:
                var text = (string)s!;
                if (string.IsNullOrWhiteSpace(text))
                {
                    return null;
                }

                try
                {
                    using var reader = new JsonTextReader(new StringReader(text)) { DateParseHandling = DateParseHandling.None, FloatParseHandling = FloatParseHandling.Decimal };
                    return From(JToken.ReadFrom(reader));
                }
                catch (JsonException)
                {
                    return null;
                }

            default:
                return From(context);
        }
    }

    private static readonly JTokenValues Converter = new(text => text switch
    {
        NoEchoMask => PlanValue.Sensitive,
        KnownAfterApply => PlanValue.Unknown,
        _ => PlanValue.From(text),
    });

    public static PlanValue From(JToken token) => Converter.From(token);
}
