using System.Collections;
using System.Collections.Immutable;
using System.Globalization;
using PlanReview.Core.Model;

namespace PlanReview.Rules.Tests.Support;

/// <summary>
/// Builds <see cref="PlanValue"/> trees from plain C# values:
/// <c>Obj(("deletion_protection", true), ("tags", Obj(("env", "prod"))), ("id", PlanValue.Unknown))</c>.
/// </summary>
public static class PlanValues
{
    public static PlanValue Obj(params (string Key, object? Value)[] properties) =>
        new PlanValue.ObjectValue(properties.ToImmutableSortedDictionary(p => p.Key, p => From(p.Value), StringComparer.Ordinal));

    public static PlanValue List(params object?[] items) =>
        new PlanValue.ListValue(items.Select(From).ToImmutableArray());

    public static PlanValue From(object? value) => value switch
    {
        null => PlanValue.Null,
        PlanValue v => v,
        bool b => PlanValue.From(b),
        string s => PlanValue.From(s),
        int or long or decimal or double => new PlanValue.NumberValue(Convert.ToString(value, CultureInfo.InvariantCulture)!),
        IEnumerable e => new PlanValue.ListValue(e.Cast<object?>().Select(From).ToImmutableArray()),
        _ => throw new ArgumentException($"no PlanValue for {value.GetType().Name}", nameof(value)),
    };
}
