using System.Collections.Immutable;
using PlanReview.Reporting.Model;
using PlanReview.Reporting.Sarif;
using PlanReview.Reporting.Tests.Support;

namespace PlanReview.Reporting.Tests;

public sealed class SourceLocatorTests : IDisposable
{
    private static readonly ReportPlan Terraform = new("plan.json", "terraform", "1.11.4");

    private readonly string temp = Directory.CreateTempSubdirectory("planreview-locator-").FullName;

    public void Dispose() => Directory.Delete(temp, recursive: true);

    [Theory]
    [InlineData("terraform_data.item[\"</details>\"]", "main.tf", "resource \"terraform_data\" \"item\"")]
    [InlineData("terraform_data.item[\"a.b\\\"]\"]", "main.tf", "resource \"terraform_data\" \"item\"")]
    [InlineData("module.tenant[\"<script>alert(1)</script>\"].terraform_data.this", "modules/tenant/main.tf", "resource \"terraform_data\" \"this\"")]
    public void Terraform_addresses_lose_their_instance_keys_and_follow_module_calls(string address, string file, string declaration)
    {
        var root = Path.Combine(RepoPaths.TerraformFixture("hostile-keys"), "v2");
        var location = new FileSystemSourceLocator(root).Locate(Terraform, address);
        Assert.Equal(new SourceLocation(file, SarifReportTests.LineOf(root, file, declaration), 1), location);
    }

    [Fact]
    public void Nested_modules_resolve_relative_to_the_calling_module()
    {
        var root = Path.Combine(RepoPaths.TerraformFixture("removed-module"), "v2");
        var location = new FileSystemSourceLocator(root).Locate(Terraform, "module.legacy_db[0].module.replica.terraform_data.replica[1]");
        Assert.Equal("modules/db/modules/replica/main.tf", location?.Uri);
    }

    [Fact]
    public void Module_sources_from_the_plan_win_over_the_files()
    {
        Write("main.tf", "module \"db\" {\n  source = \"./wrong\"\n}\n");
        Write("wrong/main.tf", "resource \"aws_db_instance\" \"main\" {\n}\n");
        Write("modules/database/main.tf", "# resource \"aws_db_instance\" \"main\" {\n/*\nresource \"aws_db_instance\" \"main\" {\n*/\n\nresource   \"aws_db_instance\"   \"main\" {\n}\n");
        Write("modules/database/replica/replica.tf", "  resource \"aws_db_instance\" \"replica\" {\n  }\n");
        var plan = Terraform with
        {
            ModuleSources = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, new Dictionary<string, string>
            {
                ["module.db"] = "./modules/database",
                ["module.db.module.r"] = "./replica",
            }),
        };
        var locator = new FileSystemSourceLocator(temp);
        Assert.Equal(new SourceLocation("modules/database/main.tf", 6, 1), locator.Locate(plan, "module.db[\"eu\"].aws_db_instance.main"));
        Assert.Equal(new SourceLocation("modules/database/replica/replica.tf", 1, 3), locator.Locate(plan, "module.db[\"eu\"].module.r[0].aws_db_instance.replica[2]"));
        Assert.Equal(new SourceLocation("wrong/main.tf", 1, 1), locator.Locate(Terraform, "module.db.aws_db_instance.main"));
    }

    [Fact]
    public void Remote_modules_and_folders_outside_the_root_have_no_location()
    {
        Write("root/main.tf", "module \"vpc\" {\n  source = \"terraform-aws-modules/vpc/aws\"\n}\nmodule \"up\" {\n  source = \"../outside\"\n}\n");
        Write("outside/main.tf", "resource \"aws_vpc\" \"this\" {\n}\n");
        var locator = new FileSystemSourceLocator(Path.Combine(temp, "root"));
        Assert.Null(locator.Locate(Terraform, "module.vpc.aws_vpc.this[0]"));
        Assert.Null(locator.Locate(Terraform, "module.up.aws_vpc.this"));
        Assert.Null(locator.Locate(Terraform, "aws_vpc.missing"));
    }

    [Fact]
    public void Data_sources_are_found_as_data_blocks()
    {
        Write("main.tf", "resource \"aws_ami\" \"x\" {\n}\n\ndata \"aws_ami\" \"x\" {\n}\n");
        Assert.Equal(4, new FileSystemSourceLocator(temp).Locate(Terraform, "data.aws_ami.x")?.StartLine);
    }

    [Theory]
    [InlineData("template.yaml", "AWSTemplateFormatVersion: '2010-09-09'\nParameters:\n  Bucket:\n    Type: String\nResources:\n  Queue:\n    Type: AWS::SQS::Queue\n  Bucket:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: !Ref Bucket\nOutputs:\n  Bucket:\n    Value: !Ref Bucket\n", 8, 3)]
    [InlineData("template.json", "{\n  \"Parameters\": { \"Bucket\": { \"Type\": \"String\" } },\n  \"Resources\": {\n    \"Queue\": { \"Type\": \"AWS::SQS::Queue\" },\n    \"Bucket\": {\n      \"Type\": \"AWS::S3::Bucket\"\n    }\n  }\n}\n", 5, 5)]
    public void CloudFormation_logical_ids_are_found_under_resources(string name, string text, int line, int column)
    {
        Write(name, text);
        var locator = new FileSystemSourceLocator(temp, Path.Combine(temp, name));
        var plan = new ReportPlan("cs.json", "cloudformation", null);
        Assert.Equal(new SourceLocation(name, line, column), locator.Locate(plan, "my-stack/Bucket"));
        Assert.Null(locator.Locate(plan, "my-stack/Nested/Bucket"));
        Assert.Null(new FileSystemSourceLocator(temp).Locate(plan, "my-stack/Bucket"));
    }

    [Fact]
    public void Pulumi_resources_are_found_by_their_quoted_name_in_the_program()
    {
        Write("Pulumi.yaml", "name: shop\nruntime: nodejs\n");
        Write("node_modules/x/index.ts", "new aws.s3.Bucket(\"orders-data\");\n");
        Write("src/index.ts", "import * as aws from \"@pulumi/aws\";\n\nconst b = new aws.s3.Bucket(\"orders-data\", {});\n");
        var plan = new ReportPlan("preview.json", "pulumi", null);
        var locator = new FileSystemSourceLocator(temp);
        Assert.Equal(new SourceLocation("src/index.ts", 3, 29), locator.Locate(plan, "urn:pulumi:dev::shop::aws:s3/bucket:Bucket::orders-data"));
        Assert.Null(locator.Locate(plan, "urn:pulumi:dev::shop::aws:s3/bucket:Bucket::missing"));
    }

    private void Write(string relative, string text)
    {
        var path = Path.Combine(temp, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }
}
