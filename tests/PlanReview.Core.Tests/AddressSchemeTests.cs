using PlanReview.Core.Graph;
using PlanReview.Core.Model;

namespace PlanReview.Core.Tests;

public class AddressSchemeTests
{
    [Theory]
    [InlineData("aws_instance.web", "aws_instance.web")]
    [InlineData("aws_instance.web[0]", "aws_instance.web")]
    [InlineData("module.db[1].aws_db_instance.main[\"a\"]", "module.db.aws_db_instance.main")]
    [InlineData("x.y[\"a]b\"]", "x.y")]
    [InlineData("x.y[\"a\\\"]b\"]", "x.y")]
    [InlineData("module.m[\"k\"].module.n[2].t.r", "module.m.module.n.t.r")]
    public void Terraform_instance_keys_are_stripped_even_when_keys_hold_brackets_and_quotes(string address, string expected) =>
        Assert.Equal(expected, AddressScheme.StripTerraformInstanceKeys(address));

    [Fact]
    public void Other_tools_keep_their_addresses_whole()
    {
        const string urn = "urn:pulumi:dev::app::aws:s3/bucket:Bucket::logs[0]";
        Assert.Equal(urn, AddressScheme.ToConfigAddress(PlanFormat.Pulumi, urn));
        Assert.Equal("Stack/Bucket[0]", AddressScheme.ToConfigAddress(PlanFormat.CloudFormation, "Stack/Bucket[0]"));
    }

    [Theory]
    [InlineData("aws_instance.web", "aws_instance|web")]
    [InlineData("module.a[\"x.y\"].aws_s3_bucket.b", "module|a[\"x.y\"]|aws_s3_bucket|b")]
    [InlineData("x.y[\"a].b\"].z", "x|y[\"a].b\"]|z")]
    [InlineData("x.y[\"a\\\".b\"]", "x|y[\"a\\\".b\"]")]
    public void Terraform_addresses_split_on_dots_outside_keys(string address, string expected) =>
        Assert.Equal(expected, string.Join('|', AddressScheme.TopLevelSegments(address)));
}
