using PlanReview.Core.Categories;

namespace PlanReview.Readers.Tests;

/// <summary>CloudFormation types and Pulumi type tokens share the Terraform category table, so every PRV1xx/PRV2xx rule works on all three tools.</summary>
public sealed class CloudFormationCategoriesTests
{
    [Theory]
    [InlineData("AWS::RDS::DBInstance", ResourceCategory.Data)]
    [InlineData("AWS::DynamoDB::Table", ResourceCategory.Data)]
    [InlineData("AWS::S3::Bucket", ResourceCategory.Data)]
    [InlineData("AWS::Logs::LogGroup", ResourceCategory.Data)]
    [InlineData("AWS::KMS::Key", ResourceCategory.EncryptionKey)]
    [InlineData("AWS::IAM::Role", ResourceCategory.Identity)]
    [InlineData("AWS::EC2::SecurityGroup", ResourceCategory.Network)]
    [InlineData("AWS::Route53::RecordSet", ResourceCategory.Dns)]
    [InlineData("AWS::Lambda::Function", ResourceCategory.Compute)]
    [InlineData("AWS::CloudFormation::Stack", ResourceCategory.Container)]
    [InlineData("AWS::Lambda::Permission", ResourceCategory.Other)]
    [InlineData("AWS::Made::Up", ResourceCategory.Unknown)]
    public void CloudFormation_types_are_classified(string type, ResourceCategory expected)
    {
        Assert.Equal(expected, ResourceCategories.Default.Classify(type));
    }

    [Theory]
    [InlineData("aws:rds/instance:Instance", ResourceCategory.Data)]
    [InlineData("aws:s3/bucketV2:BucketV2", ResourceCategory.Data)]
    [InlineData("gcp:sql/databaseInstance:DatabaseInstance", ResourceCategory.Data)]
    [InlineData("kubernetes:core/v1:PersistentVolumeClaim", ResourceCategory.Data)]
    [InlineData("aws:kms/key:Key", ResourceCategory.EncryptionKey)]
    [InlineData("azure-native:resources:ResourceGroup", ResourceCategory.Container)]
    [InlineData("kubernetes:core/v1:Namespace", ResourceCategory.Container)]
    [InlineData("aws:lambda/function:Function", ResourceCategory.Compute)]
    [InlineData("pulumi:providers:aws", ResourceCategory.Other)]
    [InlineData("pulumi:pulumi:Stack", ResourceCategory.Other)]
    [InlineData("aws:made/up:Thing", ResourceCategory.Unknown)]
    public void Pulumi_type_tokens_are_classified(string type, ResourceCategory expected)
    {
        Assert.Equal(expected, ResourceCategories.Default.Classify(type));
    }

    [Fact]
    public void Every_type_the_readers_produce_for_the_samples_is_in_the_table()
    {
        var plans = new[]
        {
            PlanLoader.Default.Load(CloudFormationPulumiPaths.Sample("cloudformation", "change-set.json")),
            PlanLoader.Default.Load(CloudFormationPulumiPaths.Sample("pulumi", "preview.json")),
        };

        var unknown = plans.SelectMany(p => p.Changes).Select(c => c.Type).Distinct()
            .Where(t => ResourceCategories.Default.Classify(t) == ResourceCategory.Unknown)
            .ToArray();
        Assert.True(unknown.Length == 0, "not in resource-categories.json: " + string.Join(", ", unknown));
    }
}
