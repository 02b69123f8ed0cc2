using System.Text;
using PlanReview.Core.Model;
using PlanReview.Readers.Tests.Support;

namespace PlanReview.Readers.Tests;

/// <summary>The loader at the edge: decoding, detection, and one-line errors naming the file.</summary>
public sealed class LoaderTests : IDisposable
{
    private const string SmallPlan =
        """{"format_version":"1.2","terraform_version":"1.11.4","resource_changes":[{"address":"a.b","mode":"managed","type":"a","change":{"actions":["delete"]}}]}""";

    private readonly string folder = Directory.CreateTempSubdirectory("planreview-loader-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static PlanReadException Refused(string path) =>
        Assert.Throws<PlanReadException>(() => PlanLoader.Default.Load(path));

    private static void AssertOneLineNaming(string path, PlanReadException ex, string problem)
    {
        Assert.StartsWith(path + ": ", ex.Message, StringComparison.Ordinal);
        Assert.Contains(problem, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
        Assert.Equal(path, ex.Source);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n\t ")]
    public void Empty_file_is_refused(string content)
    {
        var path = Write("empty.json", Encoding.UTF8.GetBytes(content));

        AssertOneLineNaming(path, Refused(path), "is empty");
    }

    [Fact]
    public void Missing_file_is_refused()
    {
        var path = Path.Combine(folder, "nope", "plan.json");

        AssertOneLineNaming(path, Refused(path), "no such file");
    }

    [Fact]
    public void Binary_plan_is_refused_with_what_to_run()
    {
        var path = Write("tf.plan", [(byte)'P', (byte)'K', 3, 4, 20, 0, 8, 0]);

        AssertOneLineNaming(path, Refused(path), "run `terraform show -json`");
    }

    [Fact]
    public void State_instead_of_a_plan_is_refused()
    {
        var path = Write("state.json", Encoding.UTF8.GetBytes("""{"format_version":"1.0","terraform_version":"1.11.4","values":{"root_module":{}}}"""));

        AssertOneLineNaming(path, Refused(path), "is a Terraform state, not a plan");
    }

    [Theory]
    [InlineData("utf-16LE")]
    [InlineData("utf-16BE")]
    [InlineData("utf-8")]
    public void Byte_order_marks_select_the_encoding(string encodingName)
    {
        var encoding = Encoding.GetEncoding(encodingName);
        var path = Write("plan.json", [.. encoding.GetPreamble(), .. encoding.GetBytes(SmallPlan)]);

        var plan = PlanLoader.Default.Load(path);

        Assert.Equal(PlanFormat.Terraform, plan.Format);
        Assert.Equal("1.11.4", plan.ToolVersion);
        Assert.Equal(ChangeAction.Delete, Assert.Single(plan.Changes).Action);
    }

    [Fact]
    public void Utf16_without_a_byte_order_mark_is_refused()
    {
        var path = Write("plan.json", Encoding.Unicode.GetBytes(SmallPlan));

        AssertOneLineNaming(path, Refused(path), path);
    }

    [Fact]
    public void A_stream_that_cannot_seek_reads_like_standard_input()
    {
        using var stdin = new ForwardOnlyStream(Encoding.UTF8.GetBytes(SmallPlan));

        var plan = PlanLoader.Default.Load(stdin, "-");

        Assert.Equal("-", plan.Source);
        Assert.Single(plan.Changes);
    }

    [Fact]
    public void A_plan_larger_than_the_detection_prefix_reads_whole()
    {
        var changes = Enumerable.Range(0, 20_000).Select(i =>
            "{\"address\":\"a.r" + i + "\",\"mode\":\"managed\",\"type\":\"a\",\"change\":{\"actions\":[\"create\"],\"after\":{\"padding\":\"" + new string('x', 40) + "\"}}}");
        var json = """{"format_version":"1.2","resource_changes":[""" + string.Join(",", changes) + "]}";
        Assert.True(json.Length > PlanLoader.DetectionPrefixBytes);
        using var stdin = new ForwardOnlyStream(Encoding.UTF8.GetBytes(json));

        var plan = PlanLoader.Default.Load(stdin, "-");

        Assert.Equal(20_000, plan.Changes.Length);
        Assert.Equal("a.r19999", plan.Changes[^1].Address);
    }

    [Fact]
    public void Text_that_is_not_json_is_refused()
    {
        var path = Write("plan.txt", Encoding.UTF8.GetBytes("Terraform will perform the following actions:\n"));

        AssertOneLineNaming(path, Refused(path), "is not JSON");
    }

    [Fact]
    public void Setup_terraform_wrapper_output_is_refused_with_the_fix()
    {
        var path = Write("plan.json", Encoding.UTF8.GetBytes("[command]/usr/bin/terraform show -json tf.plan\n" + SmallPlan + "\n::debug::exitcode: 0\n"));

        AssertOneLineNaming(path, Refused(path), "terraform_wrapper: false");
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.9)]
    [InlineData(0.99)]
    public void Truncated_json_is_refused_with_a_position(double keep)
    {
        var full = File.ReadAllText(TestPaths.TerraformFixture("mixed-destructive"));
        var path = Write("plan.json", Encoding.UTF8.GetBytes(full[..(int)(full.Length * keep)]));

        AssertOneLineNaming(path, Refused(path), "is not valid JSON at line 1, column");
    }

    [Fact]
    public void Invalid_utf8_is_refused()
    {
        var bytes = Encoding.UTF8.GetBytes(SmallPlan);
        bytes[40] = 0xFF;
        var path = Write("plan.json", bytes);

        AssertOneLineNaming(path, Refused(path), "is not valid UTF-8");
    }

    /// <summary>Like standard input: reads forward, in small pieces, and cannot seek or report a length.</summary>
    private sealed class ForwardOnlyStream(byte[] data) : ReadOnlyStream
    {
        private int position;

        public override int Read(Span<byte> buffer)
        {
            var n = Math.Min(Math.Min(buffer.Length, 4096), data.Length - position);
            data.AsSpan(position, n).CopyTo(buffer);
            position += n;
            return n;
        }
    }
}
