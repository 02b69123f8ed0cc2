using System.Text;
using CsCheck;

namespace PlanReview.PropertyTests;

/// <summary>
/// Inputs built to hurt a reader: deep nesting, huge strings, invalid UTF-8, duplicate keys, numbers
/// out of range. Each is refused with a one-line PlanReadException, or read, never a crash or a hang.
/// </summary>
public class HostileInputTests
{
    private const int Levels = 100_000;
    private const int StringLimit = 16 * 1024 * 1024;

    private const string TerraformHead = "{\"format_version\":\"1.2\",\"terraform_version\":\"1.11.4\",\"resource_changes\":[{\"address\":\"terraform_data.x\",\"type\":\"terraform_data\",\"change\":{\"actions\":[\"update\"],\"before\":{},\"after\":";
    private const string TerraformTail = "}}]}";

    // The heads of the other formats, each far enough for the format detector to pick its reader.
    private const string CloudFormationHead = "{\"ChangeSetName\":\"c\",\"StackName\":\"s\",\"Status\":\"CREATE_COMPLETE\",\"Changes\":[{\"Type\":\"Resource\",\"ResourceChange\":{\"Action\":\"Modify\",\"LogicalResourceId\":\"Bucket\",\"ResourceType\":\"AWS::S3::Bucket\",\"Details\":";
    private const string PulumiHead = "{\"config\":{},\"steps\":[{\"op\":\"update\",\"urn\":\"urn:pulumi:dev::p::aws:s3/bucket:Bucket::b\",\"newState\":{\"type\":\"aws:s3/bucket:Bucket\",\"inputs\":";

    public static TheoryData<string, string> Heads() => new()
    {
        { "terraform", TerraformHead },
        { "cloudformation", CloudFormationHead },
        { "pulumi", PulumiHead },
        { "bare", string.Empty },
    };

    [Theory]
    [MemberData(nameof(Heads))]
    public void Hundred_thousand_levels_of_lists_are_refused_as_too_deep(string format, string head)
    {
        var message = Inputs.LoadOutcome(Encoding.UTF8.GetBytes(head + new string('[', Levels) + new string(']', Levels)), format);
        Assert.NotNull(message);
        Assert.Matches("deeper than|MaxDepth|not JSON|not valid JSON|not a plan", message);
    }

    [Theory]
    [MemberData(nameof(Heads))]
    public void Hundred_thousand_levels_of_objects_are_refused(string format, string head)
    {
        var deep = new StringBuilder(head);
        for (var i = 0; i < Levels; i++)
        {
            deep.Append("{\"a\":");
        }

        deep.Append("1").Append('}', Levels);
        Assert.NotNull(Inputs.LoadOutcome(Encoding.UTF8.GetBytes(deep.ToString()), format));
    }

    [Fact]
    public void A_terraform_value_deeper_than_the_limit_names_the_limit_and_the_line()
    {
        var message = Inputs.LoadOutcome(Encoding.UTF8.GetBytes(TerraformHead + new string('[', 600) + new string(']', 600) + TerraformTail), "deep.json");
        Assert.NotNull(message);
        Assert.Matches(@"^deep\.json: nests deeper than 512 levels at line 1, column \d+ \(the limit that protects the reader from hostile input; real plans stay far below it\)$", message);
    }

    [Theory]
    [InlineData("cloudformation")]
    [InlineData("pulumi")]
    public void Other_formats_name_their_nesting_limit_in_a_short_line(string format)
    {
        var head = format == "pulumi" ? PulumiHead : CloudFormationHead;
        var message = Inputs.LoadOutcome(Encoding.UTF8.GetBytes(head + new string('[', 300) + new string(']', 300) + "}}]}"), "deep.json");
        Assert.NotNull(message);
        Assert.Matches(@"^deep\.json: nests deeper than 256 levels at line 1, column \d+ \(the limit that protects the reader from hostile input; real plans stay far below it\)$", message);
    }

    [Fact]
    public void A_terraform_value_well_inside_the_nesting_limit_is_read()
    {
        Assert.Null(Inputs.LoadOutcome(Encoding.UTF8.GetBytes(TerraformHead + new string('[', 400) + new string(']', 400) + TerraformTail)));
    }

    [Theory]
    [MemberData(nameof(Heads))]
    public void A_100_MB_string_is_refused_at_16_MiB_without_holding_it(string format, string head)
    {
        // 100 MB offered, produced on demand: the read must stop soon after the 16 MiB limit, and the
        // memory allocated for it stays a small multiple of the limit, not of the 100 MB.
        var input = new GeneratedStream(Encoding.UTF8.GetBytes(head + "\""), (byte)'a', 100L * 1000 * 1000, Encoding.UTF8.GetBytes("\"" + TerraformTail));
        // On this thread, so that the allocation count is this read's alone (tests run in parallel).
        var before = GC.GetAllocatedBytesForCurrentThread();
        var thrown = Record.Exception(() => PlanReview.Readers.PlanLoader.Default.Load(input, format));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        var message = Assert.IsType<PlanReview.Readers.PlanReadException>(thrown).Message;

        if (format == "bare")
        {
            // A lone string is not a plan: the detector refuses it from its bounded prefix.
            Assert.NotNull(message);
        }
        else
        {
            Assert.Equal($"{format}: has a string value longer than 16 MiB at line 1; no real plan holds one (the limit protects the runner's memory)", message);
        }

        Assert.InRange(input.BytesRead, 0, 3L * StringLimit);
        Assert.InRange(allocated, 0, 12L * StringLimit);
    }

    [Fact]
    public void A_string_of_exactly_16_MiB_is_read_and_one_more_character_is_refused()
    {
        Assert.Null(Inputs.LoadOutcome(new GeneratedStream(Encoding.UTF8.GetBytes(TerraformHead + "\""), (byte)'b', StringLimit, Encoding.UTF8.GetBytes("\"" + TerraformTail))));
        var message = Inputs.LoadOutcome(new GeneratedStream(Encoding.UTF8.GetBytes(TerraformHead + "\n\n\""), (byte)'b', StringLimit + 1, Encoding.UTF8.GetBytes("\"" + TerraformTail)));
        Assert.StartsWith("x: has a string value longer than 16 MiB at line 3;", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Escapes_count_once_and_do_not_end_a_string()
    {
        // \" and \\ inside a string must not fool the guard into thinking the string ended.
        var escaped = string.Concat(Enumerable.Repeat("\\\"\\\\", (StringLimit / 2) + 1));
        var message = Inputs.LoadOutcome(Encoding.UTF8.GetBytes(TerraformHead + "\"" + escaped + "\"" + TerraformTail));
        Assert.StartsWith("x: has a string value longer than 16 MiB", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_long_event_log_line_with_a_huge_string_is_refused()
    {
        var head = "{\"sequence\":1,\"timestamp\":1,\"preludeEvent\":{\"config\":{}}}\n{\"sequence\":2,\"timestamp\":2,\"diagnosticEvent\":{\"message\":\"";
        var message = Inputs.LoadOutcome(new GeneratedStream(Encoding.UTF8.GetBytes(head), (byte)'m', 40L * 1000 * 1000, Encoding.UTF8.GetBytes("\"}}\n")), "events.jsonl");
        Assert.NotNull(message);
    }

    [Theory]
    [InlineData(new byte[] { 0xC3, 0x28 })]
    [InlineData(new byte[] { 0xFF })]
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })]
    [InlineData(new byte[] { 0xF0, 0x9F, 0x98 })]
    public void Invalid_utf8_anywhere_is_refused_as_not_utf8(byte[] bad)
    {
        foreach (var (name, bytes) in Inputs.Fixtures.Where(f => f.Name.StartsWith("terraform", StringComparison.Ordinal)).Take(5))
        {
            // Inside a string value near the middle, where only the decoder can notice.
            var quote = Array.IndexOf(bytes, (byte)'"', bytes.Length / 2) + 1;
            var broken = bytes[..quote].Concat(bad).Concat(bytes[quote..]).ToArray();
            var message = Inputs.LoadOutcome(broken, name);
            Assert.Contains("is not valid UTF-8 text", message, StringComparison.Ordinal);

            // And past the first MiB, which format detection decodes: there the reader's own check must see it.
            var pad = Encoding.UTF8.GetBytes("{\"resource_changes\":[],\"pad\":\"" + new string('x', 2 * 1024 * 1024) + "\",");
            var padded = pad.Concat(broken[1..]).ToArray();
            Assert.Contains("is not valid UTF-8 text", Inputs.LoadOutcome(padded, name), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Duplicate_keys_are_read_or_refused_cleanly() =>
        Gen.Int[0, Inputs.Fixtures.Count - 1].Sample(i => Inputs.LoadOutcome(DuplicateEveryKey(Inputs.Fixtures[i].Bytes)), iter: Inputs.Fixtures.Count * 2);

    [Fact]
    public void A_duplicated_resource_changes_section_is_read_without_crashing()
    {
        var doubled = TerraformHead + "{}}}],\"resource_changes\":[{\"address\":\"terraform_data.x\",\"change\":{\"actions\":[\"delete\"],\"before\":{},\"after\":null}}]}";
        Inputs.LoadOutcome(Encoding.UTF8.GetBytes(doubled));
    }

    [Theory]
    [InlineData("1e400")]
    [InlineData("-1e400")]
    [InlineData("-0")]
    [InlineData("-0.0")]
    [InlineData("123456789012345678901234567890")]
    [InlineData("1e-400")]
    [InlineData("79228162514264337593543950336")]
    [InlineData("0.1e99999999999")]
    public void Numbers_out_of_range_are_read_or_refused_in_every_position(string number)
    {
        // As an attribute value, as an index, as the format version and as an action: each position a reader reads numbers from.
        string[] documents =
        [
            TerraformHead + "{\"size\":" + number + "}" + TerraformTail,
            "{\"format_version\":\"1.2\",\"resource_changes\":[{\"address\":\"a.b\",\"index\":" + number + ",\"change\":{\"actions\":[\"create\"],\"before\":null,\"after\":{}}}]}",
            "{\"format_version\":" + number + ",\"resource_changes\":[]}",
            "{\"format_version\":\"1.2\",\"resource_changes\":[{\"address\":\"a.b\",\"change\":{\"actions\":[" + number + "]}}]}",
            CloudFormationHead + "[{\"Target\":{\"Attribute\":\"Properties\",\"Name\":" + number + "}}]}}]}",
            PulumiHead + "{\"size\":" + number + "}}}]}",
        ];
        foreach (var document in documents)
        {
            Inputs.LoadOutcome(Encoding.UTF8.GetBytes(document));
        }
    }

    /// <summary>Writes every <c>"key":</c> twice (<c>"key":null,"key":</c>), which JSON allows and readers must survive.</summary>
    private static byte[] DuplicateEveryKey(byte[] bytes)
    {
        var text = Encoding.UTF8.GetString(bytes);
        return Encoding.UTF8.GetBytes(System.Text.RegularExpressions.Regex.Replace(text, "(\"[A-Za-z_]+\"\\s*:)", "$1null,$1"));
    }
}
