using PlanReview.Core.Analysis;
using PlanReview.Core.Model;
using PlanReview.Rules.Tests.Support;
using static PlanReview.Rules.Tests.Support.PlanValues;

namespace PlanReview.Rules.Tests.Protection;

public sealed class PRV201DeletionProtectionDisabledTests
{
    private const string Id = RuleIds.DeletionProtectionDisabled;

    [Theory]
    [InlineData("aws_db_instance.main", "deletion_protection")]
    [InlineData("aws_rds_cluster.main", "deletion_protection")]
    [InlineData("aws_lb.front", "enable_deletion_protection")]
    [InlineData("aws_dynamodb_table.orders", "deletion_protection_enabled")]
    [InlineData("google_sql_database_instance.db", "deletion_protection")]
    [InlineData("google_container_cluster.gke", "deletion_protection")]
    [InlineData("google_compute_instance.vm", "deletion_protection")]
    [InlineData("aws_instance.bastion", "disable_api_termination")]
    public void Turning_protection_off_in_an_update_is_an_error(string address, string attribute)
    {
        var result = RuleTester.Run(new PlanBuilder().Update(address, before: Obj((attribute, true)), after: Obj((attribute, false))));

        Assert.Equal([(Id, address, Severity.Error)], result.Findings(Id));
        Assert.Equal($"{address} loses its deletion protection: {attribute} changes from true to false", result.Of(Id)[0].Message);
    }

    [Fact]
    public void A_replacement_whose_new_object_has_no_protection_fires()
    {
        var result = RuleTester.Run(new PlanBuilder().Replace("aws_db_instance.main", before: Obj(("deletion_protection", true)), after: Obj(("deletion_protection", null))));

        Assert.Equal("aws_db_instance.main loses its deletion protection: deletion_protection changes from true to unset", Assert.Single(result.Of(Id)).Message);
    }

    [Fact]
    public void Nested_block_attributes_are_read_through_lists()
    {
        var before = Obj(("settings", List(Obj(("deletion_protection_enabled", true)))));
        var after = Obj(("settings", List(Obj(("deletion_protection_enabled", false)))));

        var result = RuleTester.Run(new PlanBuilder().Update("google_sql_database_instance.db", before: before, after: after));

        Assert.Contains("settings.deletion_protection_enabled changes from true to false", Assert.Single(result.Of(Id)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Several_weakened_attributes_give_one_finding_naming_each()
    {
        var result = RuleTester.Run(new PlanBuilder().Update(
            "google_sql_database_instance.db",
            before: Obj(("deletion_protection", true), ("settings", List(Obj(("deletion_protection_enabled", true))))),
            after: Obj(("deletion_protection", false), ("settings", List(Obj(("deletion_protection_enabled", false)))))));

        var message = Assert.Single(result.Of(Id)).Message;
        Assert.Contains("deletion_protection changes", message, StringComparison.Ordinal);
        Assert.Contains("settings.deletion_protection_enabled changes", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, true)]
    [InlineData(false, false)]
    public void Enabling_or_keeping_protection_does_not_fire(bool before, bool after)
    {
        var result = RuleTester.Run(new PlanBuilder().Update("aws_db_instance.main", before: Obj(("deletion_protection", before)), after: Obj(("deletion_protection", after))));

        Assert.Empty(result.Of(Id));
    }

    [Fact]
    public void A_value_known_only_after_apply_is_not_guessed()
    {
        var result = RuleTester.Run(new PlanBuilder().Update("aws_db_instance.main", before: Obj(("deletion_protection", true)), after: Obj(("deletion_protection", PlanValue.Unknown))));

        Assert.Empty(result.Of(Id));
    }

    [Fact]
    public void Creates_deletes_data_sources_and_no_ops_do_not_fire()
    {
        var result = RuleTester.Run(new PlanBuilder()
            .Create("aws_db_instance.new", after: Obj(("deletion_protection", false)))
            .Delete("aws_db_instance.old", before: Obj(("deletion_protection", true)))
            .Update("aws_db_instance.ds", before: Obj(("deletion_protection", true)), after: Obj(("deletion_protection", false)), configure: c => c with { Mode = ResourceMode.Data })
            .NoOp("aws_db_instance.same"));

        Assert.Empty(result.Of(Id));
    }

    [Fact]
    public void A_cognito_user_pool_leaving_active_fires()
    {
        var result = RuleTester.Run(new PlanBuilder().Update("aws_cognito_user_pool.users", before: Obj(("deletion_protection", "ACTIVE")), after: Obj(("deletion_protection", "INACTIVE"))));

        Assert.Equal("aws_cognito_user_pool.users loses its deletion protection: deletion_protection changes from ACTIVE to INACTIVE", Assert.Single(result.Of(Id)).Message);
    }

    [Fact]
    public void Deleting_an_azure_cannot_delete_lock_fires_but_deleting_other_resources_does_not()
    {
        var result = RuleTester.Run(new PlanBuilder()
            .Delete("azurerm_management_lock.rg", before: Obj(("lock_level", "CanNotDelete")))
            .Delete("azurerm_management_lock.none", before: Obj(("lock_level", "Unknown"))));

        Assert.Equal([(Id, "azurerm_management_lock.rg", Severity.Error)], result.Findings(Id));
        Assert.Equal("azurerm_management_lock.rg loses its deletion protection: the resource is deleted while lock_level was CanNotDelete", result.Of(Id)[0].Message);
    }

    [Theory]
    [InlineData("Retain", "Delete", true)]
    [InlineData("Retain", null, true)]
    [InlineData("RetainExceptOnCreate", "Snapshot", true)]
    [InlineData("Retain", "Retain", false)]
    [InlineData("Snapshot", "Delete", false)]
    [InlineData(null, "Retain", false)]
    public void CloudFormation_deletion_policy_leaving_retain_fires(string? before, string? after, bool fires)
    {
        var plan = new PlanBuilder().Format(PlanFormat.CloudFormation)
            .Update("stack/Database", "AWS::RDS::DBInstance", before: Fragment(before), after: Fragment(after));

        Assert.Equal(fires ? 1 : 0, RuleTester.Run(plan).Of(Id).Length);
    }

    [Fact]
    public void CloudFormation_properties_are_read_under_Properties()
    {
        var plan = new PlanBuilder().Format(PlanFormat.CloudFormation).Update(
            "stack/Table",
            "AWS::DynamoDB::Table",
            before: Obj(("Properties", Obj(("DeletionProtectionEnabled", "true")))),
            after: Obj(("Properties", Obj(("DeletionProtectionEnabled", "false")))));

        Assert.Equal("stack/Table loses its deletion protection: DeletionProtectionEnabled changes from true to false", Assert.Single(RuleTester.Run(plan).Of(Id)).Message);
    }

    [Fact]
    public void Pulumi_uses_camel_case_inputs()
    {
        var plan = new PlanBuilder().Format(PlanFormat.Pulumi).Update(
            "urn:pulumi:dev::app::aws:rds/instance:Instance::db",
            "aws:rds/instance:Instance",
            before: Obj(("deletionProtection", true)),
            after: Obj(("deletionProtection", false)));

        Assert.Equal([(Id, "urn:pulumi:dev::app::aws:rds/instance:Instance::db", Severity.Error)], RuleTester.Run(plan).Findings(Id));
    }

    [Fact]
    public void Terraform_names_are_not_read_in_a_Pulumi_plan()
    {
        var plan = new PlanBuilder().Format(PlanFormat.Pulumi).Update(
            "urn:pulumi:dev::app::aws:rds/instance:Instance::db",
            "aws:rds/instance:Instance",
            before: Obj(("deletion_protection", true)),
            after: Obj(("deletion_protection", false)));

        Assert.Empty(RuleTester.Run(plan).Of(Id));
    }

    [Fact]
    public void Pulumi_protect_turned_off_fires_when_the_reader_records_the_old_flag()
    {
        const string Urn = "urn:pulumi:dev::app::aws:rds/instance:Instance::db";
        var plan = new PlanBuilder().Format(PlanFormat.Pulumi)
            .Update(Urn, "aws:rds/instance:Instance", configure: c => c with { Protected = false, Properties = c.Properties.Add("wasProtected", "true") })
            .Update(Urn + "2", "aws:rds/instance:Instance", configure: c => c with { Protected = true, Properties = c.Properties.Add("wasProtected", "true") });

        var diagnostic = Assert.Single(RuleTester.Run(plan).Of(Id));
        Assert.Equal($"{Urn} loses its deletion protection: protect changes from true to false", diagnostic.Message);
    }

    private static PlanValue Fragment(string? deletionPolicy) =>
        deletionPolicy is null ? Obj(("Properties", Obj())) : Obj(("Properties", Obj()), ("DeletionPolicy", deletionPolicy));
}
