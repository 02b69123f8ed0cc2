using System.Collections.Immutable;
using PlanReview.Core.Analysis;
using PlanReview.Core.Categories;

namespace PlanReview.Core.Configuration;

/// <summary>Per-rule configuration: a severity and free-form options.</summary>
public sealed record RulePolicy(Severity? Severity, ImmutableSortedDictionary<string, string> Options)
{
    public static RulePolicy Empty { get; } = new(null, ImmutableSortedDictionary<string, string>.Empty);
}

/// <summary>Severities for the resources whose address matches a glob. Later entries win.</summary>
public sealed record AddressOverride(string Match, ImmutableSortedDictionary<string, Severity> Rules);

/// <summary>Says what a resource is, by type or address glob, before the built-in table is asked.</summary>
public sealed record CategoryOverride(string Match, ResourceCategory Category);

/// <summary>Silences one rule (or <c>*</c>) on the addresses matching a glob; it must say why.</summary>
public sealed record SuppressionEntry(string Rule, string Address, string? Justification, int Line)
{
    public bool IsJustified => !string.IsNullOrWhiteSpace(Justification);

    public string Describe() => $"{Rule} on '{Address}' (line {Line})";
}

/// <summary>
/// The repository's policy (<c>.github/planreview.yml</c>): thresholds, approvals, per-rule severities
/// and options, per-address overrides, category overrides and suppressions. Immutable.
/// </summary>
public sealed record Policy
{
    public static Policy Default { get; } = new();

    /// <summary>Where the policy came from, for messages (<c>(built-in defaults)</c> when none was given).</summary>
    public string Source { get; init; } = "(built-in defaults)";

    /// <summary>How many destroys are allowed before a human must approve (default 0).</summary>
    public int MaxDestroy { get; init; }

    /// <summary>How many replacements are allowed before a human must approve (default 0).</summary>
    public int MaxReplace { get; init; }

    public int RequiredApprovals { get; init; } = 1;

    /// <summary>Users and <c>org/team</c> slugs whose approval counts; empty means anyone eligible.</summary>
    public ImmutableArray<string> Approvers { get; init; } = [];

    public ImmutableSortedDictionary<string, RulePolicy> Rules { get; init; } = ImmutableSortedDictionary<string, RulePolicy>.Empty;

    public ImmutableArray<AddressOverride> Overrides { get; init; } = [];

    public ImmutableArray<CategoryOverride> Categories { get; init; } = [];

    public ImmutableArray<SuppressionEntry> Suppressions { get; init; } = [];

    public RulePolicy RuleFor(string id) => Rules.GetValueOrDefault(id) ?? RulePolicy.Empty;
}
