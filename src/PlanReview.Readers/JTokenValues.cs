using System.Collections.Immutable;
using System.Globalization;
using Newtonsoft.Json.Linq;
using PlanReview.Core.Model;

namespace PlanReview.Readers;

/// <summary>
/// Turns one small, already-loaded JSON value into a <see cref="PlanValue"/> tree. Each tool says how
/// its strings map (masks and unknown-value placeholders) and, optionally, how it reads special
/// objects (Pulumi's signature objects); duplicate keys keep the last value, as JSON readers do.
/// </summary>
internal sealed class JTokenValues
{
    private readonly Func<string, PlanValue> fromString;
    private readonly Func<JObject, PlanValue?> special;

    public JTokenValues(Func<string, PlanValue> fromString, Func<JObject, PlanValue?>? special = null)
    {
        this.fromString = fromString;
        this.special = special ?? (_ => null);
    }

    public PlanValue From(JToken token) => token switch
    {
        JObject o => special(o) ?? new PlanValue.ObjectValue(o.Properties().Select(p => KeyValuePair.Create(p.Name, From(p.Value)))),
        JArray a => new PlanValue.ListValue(a.Select(From).ToImmutableArray()),
        JValue v => v.Type switch
        {
            JTokenType.Null or JTokenType.Undefined => PlanValue.Null,
            JTokenType.Boolean => PlanValue.From((bool)v),
            JTokenType.Integer or JTokenType.Float => new PlanValue.NumberValue(Convert.ToString(v.Value, CultureInfo.InvariantCulture) ?? "0"),
            _ => fromString(Convert.ToString(v.Value, CultureInfo.InvariantCulture) ?? string.Empty),
        },
        _ => PlanValue.Null,
    };
}
