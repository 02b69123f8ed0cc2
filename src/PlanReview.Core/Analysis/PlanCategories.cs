using System.Collections.Immutable;
using PlanReview.Core.Categories;
using PlanReview.Core.Graph;
using PlanReview.Core.Model;

namespace PlanReview.Core.Analysis;

/// <summary>
/// What each resource of one plan is, decided once per analysis: by address (the first change of an
/// address decides, as a deposed object shares its address with the current one) and by change index,
/// so that rules asking for the category of the change they are called with pay an array read.
/// </summary>
internal sealed class PlanCategories
{
    private readonly PlanAddresses addresses;
    private readonly ResourceCategory[] byIndex;
    private readonly Func<ResourceChange, ResourceCategory> categorize;
    private ImmutableDictionary<string, ResourceCategory>? immutable;

    private PlanCategories(PlanAddresses addresses, ResourceCategory[] byIndex, Func<ResourceChange, ResourceCategory> categorize)
    {
        this.addresses = addresses;
        this.byIndex = byIndex;
        this.categorize = categorize;
    }

    /// <param name="categorize">The policy's overrides, then the table; also asked for changes outside the plan (drift).</param>
    public static PlanCategories Compute(Plan plan, PlanAddresses addresses, Func<ResourceChange, ResourceCategory> categorize)
    {
        var changes = plan.Changes;
        var byIndex = new ResourceCategory[changes.Length];
        for (var i = 0; i < changes.Length; i++)
        {
            var first = addresses.FirstOf(i);
            byIndex[i] = first == i ? categorize(changes[i]) : byIndex[first];
        }

        return new PlanCategories(addresses, byIndex, categorize);
    }

    /// <summary>The category of the change at <paramref name="index"/> in <see cref="Plan.Changes"/>.</summary>
    public ResourceCategory this[int index] => byIndex[index];

    /// <summary>The category of any change: by its address when the plan has it, else decided now.</summary>
    public ResourceCategory Of(ResourceChange change) =>
        addresses.TryGetFirst(change.Address, out var first) ? byIndex[first] : categorize(change);

    /// <summary>The category of an address of the plan; null when the plan has no change at that address.</summary>
    public ResourceCategory? OfAddress(string address) =>
        addresses.TryGetFirst(address, out var first) ? byIndex[first] : null;

    /// <summary>
    /// The public, immutable form, built on first use only: for a 100k-resource plan it costs more than the
    /// whole analysis, and the reports ask by address instead. Two threads racing here build equal maps.
    /// </summary>
    public ImmutableDictionary<string, ResourceCategory> ToImmutable() =>
        immutable ??= addresses.All.ToImmutableDictionary(a => a.Key, a => byIndex[a.Value], StringComparer.Ordinal);
}
