using PlanReview.Core.Categories;

namespace PlanReview.Core.Tests;

public class ResourceCategoriesTests
{
    [Theory]
    [InlineData("aws_db_instance", ResourceCategory.Data)]
    [InlineData("aws_s3_bucket", ResourceCategory.Data)]
    [InlineData("aws_kms_key", ResourceCategory.EncryptionKey)]
    [InlineData("aws_iam_role", ResourceCategory.Identity)]
    [InlineData("aws_vpc", ResourceCategory.Network)]
    [InlineData("aws_route53_zone", ResourceCategory.Dns)]
    [InlineData("aws_instance", ResourceCategory.Compute)]
    [InlineData("azurerm_resource_group", ResourceCategory.Container)]
    [InlineData("google_project", ResourceCategory.Container)]
    [InlineData("google_sql_database_instance", ResourceCategory.Data)]
    [InlineData("kubernetes_namespace", ResourceCategory.Container)]
    [InlineData("terraform_data", ResourceCategory.Other)]
    [InlineData("acme_widget", ResourceCategory.Unknown)]
    public void The_built_in_table_classifies_the_big_providers(string type, ResourceCategory expected) =>
        Assert.Equal(expected, ResourceCategories.Default.Classify(type));

    [Fact]
    public void Patterns_apply_after_exact_names_in_file_order()
    {
        var table = ResourceCategories.Parse("""{ "categories": { "data": ["x_*"], "network": ["x_net", "x_*"] } }""");
        Assert.Equal(ResourceCategory.Network, table.Classify("x_net"));
        Assert.Equal(ResourceCategory.Data, table.Classify("x_other"));
    }

    [Fact]
    public void A_type_listed_twice_is_an_error()
    {
        var ex = Assert.Throws<FormatException>(() => ResourceCategories.Parse("""{ "categories": { "data": ["a"], "network": ["a"] } }"""));
        Assert.Contains("'a' is listed twice", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_category_is_an_error() =>
        Assert.Throws<FormatException>(() => ResourceCategories.Parse("""{ "categories": { "database": ["a"] } }"""));

    [Fact]
    public void Wire_names_round_trip()
    {
        foreach (var category in Enum.GetValues<ResourceCategory>())
        {
            Assert.True(ResourceCategoryNames.TryParse(category.ToWireName(), out var parsed));
            Assert.Equal(category, parsed);
        }
    }
}
