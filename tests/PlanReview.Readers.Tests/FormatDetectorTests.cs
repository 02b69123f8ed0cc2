namespace PlanReview.Readers.Tests;

/// <summary>Detection of the Terraform documents by their top-level keys, whatever their order.</summary>
public sealed class FormatDetectorTests
{
    [Theory]
    [InlineData("""{"format_version":"1.2","terraform_version":"1.11.4","resource_changes":[]}""", InputKind.TerraformPlan)]
    [InlineData("""{"plan_format_version":"1.1","resource_changes":[]}""", InputKind.TerraformPlan)]
    [InlineData("""{"format_version":"1.2","terraform_version":"1.11.4"}""", InputKind.TerraformPlan)]
    [InlineData("""{"format_version":"1.2","planned_values":{},"prior_state":{"format_version":"1.0","values":{}}}""", InputKind.TerraformPlan)]
    [InlineData("""{"format_version":"1.0","terraform_version":"1.11.4","values":{"root_module":{}}}""", InputKind.TerraformState)]
    [InlineData("""{"format_version":"1.0"}""", InputKind.TerraformPlan)]
    [InlineData("  \r\n ", InputKind.Empty)]
    [InlineData("[command]/usr/bin/terraform show -json tf.plan", InputKind.NotJson)]
    [InlineData("""{"hello":"world"}""", InputKind.Unknown)]
    public void Terraform_documents_are_recognised(string text, InputKind kind) =>
        Assert.Equal(kind, FormatDetector.Detect(text));

    [Fact]
    public void A_plan_whose_prefix_ends_inside_a_value_is_still_recognised()
    {
        var text = """{"format_version":"1.2","resource_changes":[{"address":"a.b","change":{"before":{"x":"unfinished""";

        Assert.Equal(InputKind.TerraformPlan, FormatDetector.Detect(text));
    }

    [Fact]
    public void A_zip_header_is_a_binary_plan()
    {
        Assert.True(FormatDetector.IsZip([(byte)'P', (byte)'K', 3, 4]));
        Assert.False(FormatDetector.IsZip("{\"a\""u8));
    }
}
