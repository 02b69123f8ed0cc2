using System.Collections.Immutable;
using System.Globalization;
using PlanReview.Core.Analysis;

namespace PlanReview.Rules.Protection;

/// <summary>
/// A change of one attribute that weakens a safeguard. <see cref="Check"/> returns a phrase saying
/// what happened (attribute names, booleans, numbers and the table's own constants only: never a
/// string value taken from the plan), or null when the change is safe or cannot be known yet.
/// When the whole object is deleted (<see cref="ObservedValues.ObjectGone"/> after), the phrase
/// only says what the attribute was ("block_public_acls was true"): the caller says it is deleted.
/// </summary>
internal abstract record AttributeTransition
{
    public abstract string? Check(string path, ObservedValues before, ObservedValues after, RuleOptions options);

    /// <summary>The table constant equal to <paramref name="value"/> (case-insensitive), so messages print our text, not the plan's.</summary>
    protected static string? Constant(IEnumerable<string> constants, string? value) =>
        value is null ? null : constants.FirstOrDefault(c => string.Equals(c, value, StringComparison.OrdinalIgnoreCase));

    protected static string Number(decimal value) => value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>A flag goes from true to false or unset (<c>deletion_protection</c>, <c>block_public_acls</c>).</summary>
internal sealed record TurnedOff : AttributeTransition
{
    public static TurnedOff Instance { get; } = new();

    public override string? Check(string path, ObservedValues before, ObservedValues after, RuleOptions options)
    {
        if (!before.AnyTrue || after.IsIndeterminate || after.AnyTrue)
        {
            return null;
        }

        return after.ObjectGone
            ? $"{path} was true"
            : $"{path} changes from true to {(after.AnyFalse ? "false" : "unset")}";
    }
}

/// <summary>A flag goes from false or unset to true (<c>skip_final_snapshot</c>, <c>force_destroy</c>, <c>publicly_accessible</c>).</summary>
internal sealed record TurnedOn : AttributeTransition
{
    public static TurnedOn Instance { get; } = new();

    public override string? Check(string path, ObservedValues before, ObservedValues after, RuleOptions options)
    {
        if (before.IsIndeterminate || before.AnyTrue || !after.AnyTrue)
        {
            return null;
        }

        return before.ObjectGone
            ? $"{path} is true"
            : $"{path} changes from {(before.AnyFalse ? "false" : "unset")} to true";
    }
}

/// <summary>A number drops below a minimum that the rule's option sets (<c>backup_retention_period</c>).</summary>
internal sealed record LoweredBelow(string Option, int DefaultMinimum) : AttributeTransition
{
    public override string? Check(string path, ObservedValues before, ObservedValues after, RuleOptions options)
    {
        var minimum = options.GetInt(Option, DefaultMinimum);
        if (before.IsIndeterminate || after.IsIndeterminate || before.Numbers.IsEmpty || after.Numbers.IsEmpty)
        {
            return null;
        }

        var was = before.Numbers.Max();
        var now = after.Numbers.Min();
        return was >= minimum && now < minimum
            ? $"{path} drops from {Number(was)} to {Number(now)}, below the minimum of {minimum.ToString(CultureInfo.InvariantCulture)}"
            : null;
    }
}

/// <summary>
/// A string leaves a protective value (<c>Enabled</c>, <c>Retain</c>, <c>ACTIVE</c>) for anything that is not
/// in <paramref name="Safe"/>. <paramref name="AbsentMeans"/> is the tool's default when the attribute is unset.
/// </summary>
internal sealed record LeavesValue(ImmutableArray<string> Watched, ImmutableArray<string> Safe, string? AbsentMeans = null) : AttributeTransition
{
    /// <summary>Values that may be named in the message when the new value is one of them.</summary>
    public ImmutableArray<string> Outcomes { get; init; } = [];

    public override string? Check(string path, ObservedValues before, ObservedValues after, RuleOptions options)
    {
        if (before.IsIndeterminate || after.IsIndeterminate)
        {
            return null;
        }

        var was = Constant(Watched, before.IsAbsent ? AbsentMeans : before.Strings.FirstOrDefault());
        if (was is null)
        {
            return null;
        }

        if (after.ObjectGone)
        {
            return $"{path} was {was}";
        }

        var nowText = after.IsAbsent ? AbsentMeans : after.Strings.FirstOrDefault();
        if (Constant(Safe, nowText) is not null)
        {
            return null;
        }

        var now = Constant(Outcomes, nowText);
        return now is null
            ? $"{path} is no longer {was}"
            : $"{path} changes from {was} to {now}{(after.IsAbsent ? " (the default when unset)" : string.Empty)}";
    }
}

/// <summary>A string takes a dangerous value it did not have (<c>acl = public-read</c>, <c>principal = *</c>).</summary>
internal sealed record EntersValue(ImmutableArray<string> Dangerous) : AttributeTransition
{
    public override string? Check(string path, ObservedValues before, ObservedValues after, RuleOptions options)
    {
        var now = after.Strings.Select(s => Constant(Dangerous, s)).OfType<string>().FirstOrDefault();
        if (now is null || before.IsIndeterminate || before.Strings.Any(s => Constant(Dangerous, s) == now))
        {
            return null;
        }

        return before.ObjectGone ? $"{path} is {now}" : $"{path} becomes {now}";
    }
}

/// <summary>A list of principals gains a dangerous member (<c>allUsers</c>).</summary>
internal sealed record MemberAdded(ImmutableArray<string> Members) : AttributeTransition
{
    public override string? Check(string path, ObservedValues before, ObservedValues after, RuleOptions options)
    {
        if (before.IsIndeterminate)
        {
            return null;
        }

        var had = before.AllStrings.Select(s => Constant(Members, s)).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var added = after.AllStrings.Select(s => Constant(Members, s)).OfType<string>()
            .Where(m => !had.Contains(m)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        return added.Length == 0 ? null : $"{path} grants access to {string.Join(" and ", added)}";
    }
}

/// <summary>A protective block disappears (<c>backup</c> on an Azure web app).</summary>
internal sealed record Removed : AttributeTransition
{
    public static Removed Instance { get; } = new();

    public override string? Check(string path, ObservedValues before, ObservedValues after, RuleOptions options) =>
        before.IsIndeterminate || before.IsAbsent || after.IsIndeterminate || !after.IsAbsent || after.ObjectGone
            ? null
            : $"{path} is removed";
}
