namespace PlanReview.Core.Analysis;

/// <summary>
/// A value of one plan that several work items need (the blast radius, the categories): the first item that
/// asks computes it, the others wait for that one. An exception is kept and thrown to every item that asks.
/// </summary>
internal sealed class SharedValue<T>
    where T : class
{
    private readonly Lazy<T> value;
    private readonly Action stalled;

    /// <param name="compute">Computes the value; runs once.</param>
    /// <param name="stalled">Called before an item waits for the value or computes it, so another worker can go on.</param>
    public SharedValue(Func<T> compute, Action stalled)
    {
        value = new Lazy<T>(compute, LazyThreadSafetyMode.ExecutionAndPublication);
        this.stalled = stalled;
    }

    /// <summary>Computes the value as a work item of its own: that is its worker's job, not a stall.</summary>
    public void Compute() => _ = value.Value;

    public T Value
    {
        get
        {
            if (!value.IsValueCreated)
            {
                stalled();
            }

            return value.Value;
        }
    }
}
