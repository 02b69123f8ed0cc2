using CsCheck;

namespace PlanReview.PropertyTests;

/// <summary>
/// Real plans of every format, broken at random: truncated, bytes flipped, deleted, inserted, spans
/// duplicated. Whatever comes out, the loader returns a plan or a one-line PlanReadException, in time.
/// </summary>
public class MutationProperties
{
    // Bytes that matter to JSON readers: structure, quotes, escapes, digits, and bytes that break UTF-8.
    private static readonly byte[] Interesting = "{}[]\":,\\0-9eE.ntf \n"u8.ToArray().Concat(new byte[] { 0x00, 0x80, 0xC3, 0xE2, 0xF0, 0xFF, 0xEF, 0xBB, 0xBF }).ToArray();

    public enum Kind
    {
        Truncate,
        Flip,
        Delete,
        Insert,
        Duplicate,
    }

    public sealed record Mutation(int Fixture, Kind Kind, double Where, int Length, byte Value, int Count)
    {
        public override string ToString() => $"{Inputs.Fixtures[Fixture].Name}: {Kind} at {Where:F4} x{Count} length {Length} byte 0x{Value:X2}";
    }

    private static readonly Gen<Mutation> Mutations =
        from fixture in Gen.Int[0, Inputs.Fixtures.Count - 1]
        from kind in Gen.Enum<Kind>()
        from position in Gen.Double[0, 1]
        from length in Gen.Int[1, 64]
        from value in Gen.OneOf(Gen.Byte, Gen.Int[0, Interesting.Length - 1].Select(i => Interesting[i]))
        from count in Gen.Int[1, 4]
        select new Mutation(fixture, kind, position, length, value, count);

    [Fact]
    public void Every_fixture_loads_or_is_refused_cleanly_before_mutation()
    {
        Assert.NotEmpty(Inputs.Fixtures);
        foreach (var (name, bytes) in Inputs.Fixtures)
        {
            Inputs.LoadOutcome(bytes, name);
        }
    }

    [Fact]
    public void A_mutated_plan_loads_or_is_refused_with_one_line() =>
        Mutations.Sample(m => Inputs.LoadOutcome(Apply(m)), iter: 1500);

    [Fact]
    public void Every_truncation_of_a_plan_is_refused_or_read()
    {
        // Exhaustive over the cut points of one real Terraform plan (every 7th byte keeps it quick).
        var (_, bytes) = Inputs.Fixtures.First(f => f.Name.EndsWith("mixed-destructive/plan.json", StringComparison.Ordinal));
        var refused = 0;
        for (var cut = 0; cut < bytes.Length - 1; cut += 7)
        {
            if (Inputs.LoadOutcome(bytes[..cut]) is not null)
            {
                refused++;
            }
        }

        // A JSON document cut anywhere before its last brace is not JSON any more: all must be refused.
        Assert.Equal((bytes.Length - 2) / 7 + 1, refused);
    }

    private static byte[] Apply(Mutation m)
    {
        var bytes = Inputs.Fixtures[m.Fixture].Bytes.ToList();
        for (var i = 0; i < m.Count && bytes.Count > 0; i++)
        {
            var at = (int)(m.Where * (bytes.Count - 1) * (i + 1) / m.Count);
            switch (m.Kind)
            {
                case Kind.Truncate:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                case Kind.Flip:
                    bytes[at] ^= (byte)(1 << (m.Value % 8));
                    break;
                case Kind.Delete:
                    bytes.RemoveRange(at, Math.Min(m.Length, bytes.Count - at));
                    break;
                case Kind.Insert:
                    bytes.InsertRange(at, Enumerable.Repeat(m.Value, m.Length % 8 + 1));
                    break;
                default:
                    bytes.InsertRange(at, bytes.GetRange(at, Math.Min(m.Length, bytes.Count - at)));
                    break;
            }
        }

        return bytes.ToArray();
    }
}
