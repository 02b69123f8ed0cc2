using PlanReview.Core;

namespace PlanReview.Core.Tests;

public class GlobTests
{
    [Theory]
    [InlineData("aws_db_instance.main", "aws_db_instance.main", true)]
    [InlineData("aws_db_instance.main", "aws_db_instance.main2", false)]
    [InlineData("module.db.*", "module.db.aws_db_instance.main", true)]
    [InlineData("module.db.*", "module.dbx.aws_db_instance.main", false)]
    [InlineData("aws_s3_bucket.logs[*]", "aws_s3_bucket.logs[\"a\"]", true)]
    [InlineData("*.main", "module.x[0].aws_vpc.main", true)]
    [InlineData("aws_*_table", "aws_dynamodb_table", true)]
    [InlineData("aws_?3_bucket", "aws_s3_bucket", true)]
    [InlineData("aws_?3_bucket", "aws_ss3_bucket", false)]
    [InlineData("a.b", "aXb", false)]
    [InlineData("(x)+", "(x)+", true)]
    public void Matches_like_the_policy_file_documents(string pattern, string text, bool expected) =>
        Assert.Equal(expected, Glob.IsMatch(pattern, text));

    [Fact]
    public void Star_matches_across_lines_in_hostile_keys() =>
        Assert.True(Glob.IsMatch("x[*]", "x[\"line1\nline2\"]"));
}
