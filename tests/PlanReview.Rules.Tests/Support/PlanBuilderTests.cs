using PlanReview.Core.Model;

namespace PlanReview.Rules.Tests.Support;

public sealed class PlanBuilderTests
{
    [Theory]
    [InlineData("aws_db_instance.main", "aws_db_instance")]
    [InlineData("module.db.aws_s3_bucket.logs[\"a.b\"]", "aws_s3_bucket")]
    [InlineData("module.a[0].module.b.data.aws_iam_policy.p", "aws_iam_policy")]
    [InlineData("terraform_data.x[3]", "terraform_data")]
    public void TypeOf_reads_the_type_segment_of_an_address(string address, string type) =>
        Assert.Equal(type, PlanBuilder.TypeOf(address));

    [Fact]
    public void Replace_records_its_order_and_the_raw_action()
    {
        var plan = new PlanBuilder()
            .Replace("aws_instance.a", order: ReplaceOrder.CreateFirst)
            .Replace("aws_instance.b")
            .Build();

        Assert.Equal(("create,delete", ReplaceOrder.CreateFirst), (plan.Changes[0].RawAction, plan.Changes[0].ReplaceOrder));
        Assert.Equal(("delete,create", ReplaceOrder.DeleteFirst), (plan.Changes[1].RawAction, plan.Changes[1].ReplaceOrder));
    }

    [Fact]
    public void Obj_builds_nested_values()
    {
        var value = PlanValues.Obj(("a", true), ("b", 3), ("c", PlanValues.Obj(("d", "x"))), ("e", new[] { "p", "q" }));

        Assert.Equal(true, value.Get("a")?.AsBool());
        Assert.Equal(3m, value.Get("b")?.AsNumber());
        Assert.Equal("x", value.Get("c", "d")?.AsString());
        Assert.Equal("q", value.Get("e", "1")?.AsString());
    }
}
