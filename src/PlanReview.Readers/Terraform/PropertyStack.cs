using PlanReview.Core.Model;

namespace PlanReview.Readers.Terraform;

/// <summary>
/// The properties of the objects being read into a value tree, innermost last: one buffer for every tree a
/// read builds, so that an object costs only its own two arrays.
/// </summary>
internal sealed class PropertyStack
{
    private string[] keys = new string[16];
    private PlanValue[] values = new PlanValue[16];

    public int Count { get; private set; }

    public void Push(string key, PlanValue value)
    {
        if (Count == keys.Length)
        {
            Array.Resize(ref keys, Count * 2);
            Array.Resize(ref values, Count * 2);
        }

        keys[Count] = key;
        values[Count] = value;
        Count++;
    }

    /// <summary>The properties from <paramref name="start"/> up, taken off the stack.</summary>
    public PlanProperties PopFrom(int start)
    {
        var properties = PlanProperties.FromArrays(keys[start..Count], values[start..Count]);
        Array.Clear(values, start, Count - start);
        Count = start;
        return properties;
    }
}
