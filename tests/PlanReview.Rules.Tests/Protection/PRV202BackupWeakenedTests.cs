using PlanReview.Core.Analysis;
using PlanReview.Core.Model;
using PlanReview.Rules.Tests.Support;
using static PlanReview.Rules.Tests.Support.PlanValues;

namespace PlanReview.Rules.Tests.Protection;

public sealed class PRV202BackupWeakenedTests
{
    private const string Id = RuleIds.BackupWeakened;

    [Fact]
    public void Skipping_the_final_snapshot_is_an_error()
    {
        var result = RuleTester.Run(new PlanBuilder().Update("aws_db_instance.main", before: Obj(("skip_final_snapshot", false)), after: Obj(("skip_final_snapshot", true))));

        Assert.Equal([(Id, "aws_db_instance.main", Severity.Error)], result.Findings(Id));
        Assert.Equal("aws_db_instance.main weakens its backups: skip_final_snapshot changes from false to true", result.Of(Id)[0].Message);
    }

    [Fact]
    public void Turning_backups_off_by_retention_zero_fires_with_the_numbers()
    {
        var result = RuleTester.Run(new PlanBuilder().Update("aws_rds_cluster.main", before: Obj(("backup_retention_period", 7)), after: Obj(("backup_retention_period", 0))));

        Assert.Equal("aws_rds_cluster.main weakens its backups: backup_retention_period drops from 7 to 0, below the minimum of 1", Assert.Single(result.Of(Id)).Message);
    }

    [Fact]
    public void Lowering_retention_but_staying_at_or_above_the_minimum_does_not_fire()
    {
        var result = RuleTester.Run(new PlanBuilder().Update("aws_db_instance.main", before: Obj(("backup_retention_period", 14)), after: Obj(("backup_retention_period", 1))));

        Assert.Empty(result.Of(Id));
    }

    [Fact]
    public void The_minimum_retention_is_an_option()
    {
        var plan = new PlanBuilder().Update("aws_db_instance.main", before: Obj(("backup_retention_period", 14)), after: Obj(("backup_retention_period", 3)));
        var policy = RuleTester.ParsePolicy("""
            rules:
              PRV202:
                options:
                  min-retention-days: 7
            """);

        Assert.Empty(RuleTester.Run(plan).Of(Id));
        Assert.Contains("below the minimum of 7", Assert.Single(RuleTester.Run(plan, policy).Of(Id)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_retention_already_below_the_minimum_is_not_this_plans_doing()
    {
        var result = RuleTester.Run(new PlanBuilder().Update("aws_db_instance.main", before: Obj(("backup_retention_period", 0)), after: Obj(("backup_retention_period", 0))));

        Assert.Empty(result.Of(Id));
    }

    [Fact]
    public void Point_in_time_recovery_turned_off_fires()
    {
        var result = RuleTester.Run(new PlanBuilder().Update(
            "aws_dynamodb_table.orders",
            before: Obj(("point_in_time_recovery", List(Obj(("enabled", true))))),
            after: Obj(("point_in_time_recovery", List(Obj(("enabled", false)))))));

        Assert.Equal("aws_dynamodb_table.orders weakens its backups: point_in_time_recovery.enabled changes from true to false", Assert.Single(result.Of(Id)).Message);
    }

    [Theory]
    [InlineData("Suspended", true)]
    [InlineData("Disabled", true)]
    [InlineData("Enabled", false)]
    public void Suspending_bucket_versioning_fires(string after, bool fires)
    {
        var result = RuleTester.Run(new PlanBuilder().Update(
            "aws_s3_bucket_versioning.logs",
            before: Obj(("versioning_configuration", List(Obj(("status", "Enabled"))))),
            after: Obj(("versioning_configuration", List(Obj(("status", after)))))));

        Assert.Equal(fires ? 1 : 0, result.Of(Id).Length);
    }

    [Fact]
    public void Deleting_the_versioning_resource_suspends_versioning_and_fires()
    {
        var result = RuleTester.Run(new PlanBuilder().Delete("aws_s3_bucket_versioning.logs", before: Obj(("versioning_configuration", List(Obj(("status", "Enabled")))))));

        Assert.Equal("aws_s3_bucket_versioning.logs weakens its backups: the resource is deleted while versioning_configuration.status was Enabled", Assert.Single(result.Of(Id)).Message);
    }

    [Fact]
    public void Cloud_sql_backups_disabled_fires()
    {
        static PlanValue Settings(bool enabled) => Obj(("settings", List(Obj(("backup_configuration", List(Obj(("enabled", enabled))))))));

        var result = RuleTester.Run(new PlanBuilder().Update("google_sql_database_instance.db", before: Settings(true), after: Settings(false)));

        Assert.Contains("settings.backup_configuration.enabled changes from true to false", Assert.Single(result.Of(Id)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Removing_an_azure_web_app_backup_block_fires()
    {
        var result = RuleTester.Run(new PlanBuilder().Update(
            "azurerm_linux_web_app.site",
            before: Obj(("backup", List(Obj(("name", "nightly"))))),
            after: Obj(("backup", List()))));

        Assert.Equal("azurerm_linux_web_app.site weakens its backups: backup is removed", Assert.Single(result.Of(Id)).Message);
    }

    [Fact]
    public void The_message_never_contains_string_values_from_the_plan()
    {
        var result = RuleTester.Run(new PlanBuilder().Update(
            "azurerm_linux_web_app.site",
            before: Obj(("backup", List(Obj(("name", "s3cr3t-backup-name"))))),
            after: Obj(("backup", List()))));

        Assert.DoesNotContain("s3cr3t", Assert.Single(result.Of(Id)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Creates_data_sources_no_ops_and_plain_deletes_do_not_fire()
    {
        var result = RuleTester.Run(new PlanBuilder()
            .Create("aws_db_instance.new", after: Obj(("skip_final_snapshot", true), ("backup_retention_period", 0)))
            .Delete("aws_db_instance.old", before: Obj(("skip_final_snapshot", false)))
            .Read("aws_db_instance.ds")
            .NoOp("aws_db_instance.same"));

        Assert.Empty(result.Of(Id));
    }

    [Theory]
    [InlineData("AWS::RDS::DBInstance", "Snapshot", "Delete", true)]
    [InlineData("AWS::RDS::DBInstance", "Snapshot", null, false)]
    [InlineData("AWS::RDS::DBInstance", null, "Delete", true)]
    [InlineData("AWS::EC2::Volume", "Snapshot", null, true)]
    [InlineData("AWS::EC2::Volume", "Snapshot", "Retain", false)]
    [InlineData("AWS::EC2::Volume", "Retain", "Delete", false)]
    public void CloudFormation_deletion_policy_leaving_snapshot_fires(string type, string? before, string? after, bool fires)
    {
        static PlanValue Fragment(string? policy) => policy is null ? Obj(("Properties", Obj())) : Obj(("Properties", Obj()), ("DeletionPolicy", policy));

        var plan = new PlanBuilder().Format(PlanFormat.CloudFormation).Update("stack/Resource", type, before: Fragment(before), after: Fragment(after));

        Assert.Equal(fires ? 1 : 0, RuleTester.Run(plan).Of(Id).Length);
    }

    [Fact]
    public void CloudFormation_retention_given_as_a_string_is_read_as_a_number()
    {
        var plan = new PlanBuilder().Format(PlanFormat.CloudFormation).Update(
            "stack/Database",
            "AWS::RDS::DBInstance",
            before: Obj(("Properties", Obj(("BackupRetentionPeriod", "7")))),
            after: Obj(("Properties", Obj(("BackupRetentionPeriod", "0")))));

        Assert.Equal("stack/Database weakens its backups: BackupRetentionPeriod drops from 7 to 0, below the minimum of 1", Assert.Single(RuleTester.Run(plan).Of(Id)).Message);
    }

    [Fact]
    public void Pulumi_skip_final_snapshot_fires()
    {
        var plan = new PlanBuilder().Format(PlanFormat.Pulumi).Update(
            "urn:pulumi:dev::app::aws:rds/instance:Instance::db",
            "aws:rds/instance:Instance",
            before: Obj(("skipFinalSnapshot", false)),
            after: Obj(("skipFinalSnapshot", true)));

        Assert.Single(RuleTester.Run(plan).Of(Id));
    }
}
