using PlanReview.Reporting.Text;

namespace PlanReview.Reporting.Tests;

public class ProgressStreamTests
{
    [Fact]
    public void Progress_is_reported_in_steps_and_cleared_at_the_end()
    {
        var data = new byte[10 * 1024 * 1024];
        using var output = new StringWriter();
        using (var progress = new ProgressStream(new MemoryStream(data), data.Length, "big\u001b[31m.json", output))
        {
            var buffer = new byte[64 * 1024];
            while (progress.Read(buffer, 0, buffer.Length) > 0)
            {
            }
        }

        var text = output.ToString();
        Assert.Contains("\rreading big\\u001b[31m.json: 4 / 10 MB, 40%", text, StringComparison.Ordinal);
        Assert.Contains("\rreading big\\u001b[31m.json: 8 / 10 MB, 80%", text, StringComparison.Ordinal);
        Assert.EndsWith("\r\u001b[K", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b[31m", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_small_read_writes_nothing()
    {
        using var output = new StringWriter();
        using (var progress = new ProgressStream(new MemoryStream(new byte[1000]), 1000, "small.json", output))
        {
            progress.ReadExactly(new byte[1000]);
        }

        Assert.Equal(string.Empty, output.ToString());
    }

    [Theory]
    [InlineData(0, 100, "reading p.json: 0 / 0 MB, 0%")]
    [InlineData(524_288_000, 1_048_576_000, "reading p.json: 500 / 1000 MB, 50%")]
    public void The_line_says_megabytes_and_percent(long read, long total, string expected) =>
        Assert.Equal(expected, ProgressStream.Describe("p.json", read, total));
}
