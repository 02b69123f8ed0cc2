using PlanReview.Core.Graph;
using PlanReview.Core.Model;

namespace PlanReview.Readers.Tests;

/// <summary>The examples in samples/ read as the README says they do.</summary>
public sealed class CloudFormationPulumiSamplesTests
{
    [Fact]
    public void CloudFormation_sample_replaces_the_database_removes_the_bucket_and_updates_the_function()
    {
        var plan = PlanLoader.Default.Load(CloudFormationPulumiPaths.Sample("cloudformation", "change-set.json"));

        Assert.Equal(
            ["orders-prod/OrdersDatabase Replace Destroyed", "orders-prod/LegacyExportsBucket Delete Destroyed", "orders-prod/ApiFunction Update None", "orders-prod/ApiErrorsAlarm Create None"],
            plan.Changes.Select(c => $"{c.Address} {c.Action} {c.Fate}"));
        Assert.Contains(BlastRadius.Compute(plan).DependentsOf("orders-prod/OrdersDatabase"), a => a.Address == "orders-prod/ApiFunction");
        Assert.Equal(true, plan.Changes[0].Before?.Get("Properties", "DeletionProtection")?.AsBool());
    }

    [Fact]
    public void Pulumi_sample_replaces_the_database_deletes_the_bucket_and_creates_the_queue_and_alarm()
    {
        var plan = PlanLoader.Default.Load(CloudFormationPulumiPaths.Sample("pulumi", "preview.json"));

        var summary = ChangeSummary.Of(plan);
        Assert.Equal((2, 1, 1, 3), (summary.Create, summary.Delete, summary.Replace, summary.NoOp));
        var database = Assert.Single(plan.Changes, c => c.Action == ChangeAction.Replace);
        Assert.Equal("aws:rds/instance:Instance orders-db", database.Name);
        Assert.Equal(PlanValue.Sensitive, database.Before?.Get("password"));
    }
}
