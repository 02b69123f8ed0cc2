using PlanReview.Core.Graph;
using PlanReview.Core.Model;
using PlanReview.Readers.Pulumi;

namespace PlanReview.Readers.Tests;

public sealed class PulumiPreviewReaderTests
{
    private const string Stack = "urn:pulumi:prod::shop::";

    private static Plan Load(string name) => PlanLoader.Default.Load(CloudFormationPulumiPaths.Fixture("pulumi", name));

    private static ResourceChange Change(Plan plan, string typeAndName)
    {
        var separator = typeAndName.LastIndexOf(' ');
        return Assert.Single(plan.Changes, c => c.Type == typeAndName[..separator] && c.Name == typeAndName);
    }

    [Theory]
    [InlineData("pulumi:pulumi:Stack shop-prod", ChangeAction.NoOp)]
    [InlineData("shop:index:Api api", ChangeAction.Create)]
    [InlineData("aws:rds/instance:Instance orders-db", ChangeAction.Replace)]
    [InlineData("aws:ssm/parameter:Parameter name::with::colons", ChangeAction.Update)]
    [InlineData("aws:s3/bucket:Bucket assets", ChangeAction.Delete)]
    [InlineData("aws:ec2/getAmi:getAmi ubuntu", ChangeAction.Read)]
    [InlineData("aws:dynamodb/table:Table orders", ChangeAction.NoOp)]
    [InlineData("aws:sqs/queue:Queue jobs", ChangeAction.Unknown)]
    public void Op_maps_to_the_normalised_action(string displayName, ChangeAction expected)
    {
        Assert.Equal(expected, Change(Load("preview.json"), displayName).Action);
    }

    [Fact]
    public void Urn_gives_address_type_provider_and_display_name()
    {
        var plan = Load("preview.json");
        var function = Change(plan, "aws:lambda/function:Function api");

        Assert.Equal(Stack + "shop:index:Api$aws:lambda/function:Function::api", function.Address);
        Assert.Equal("aws", function.Provider);
        Assert.Equal("shop/prod", plan.Stack);

        // The name keeps its own "::": only the first three split the URN.
        Assert.Equal(Stack + "aws:ssm/parameter:Parameter::name::with::colons", Change(plan, "aws:ssm/parameter:Parameter name::with::colons").Address);
    }

    [Fact]
    public void Replace_in_the_default_digest_has_no_known_order_unless_deleteBeforeReplace_says()
    {
        var plan = Load("preview.json");
        var orders = Change(plan, "aws:rds/instance:Instance orders-db");
        var reports = Change(plan, "aws:rds/instance:Instance reports-db");

        Assert.Equal(ReplaceOrder.Unspecified, orders.ReplaceOrder);
        Assert.Equal(ObjectFate.Destroyed, orders.Fate);
        Assert.Equal(["identifier"], orders.ReplacePaths.ToArray());
        Assert.Equal(ReplaceOrder.DeleteFirst, reports.ReplaceOrder);
    }

    [Fact]
    public void Replacement_steps_fold_into_one_replace_whose_order_they_give()
    {
        var plan = Load("preview-replacement-steps.json");

        var change = Assert.Single(plan.Changes);
        Assert.Equal(ChangeAction.Replace, change.Action);
        Assert.Equal(ReplaceOrder.CreateFirst, change.ReplaceOrder);
        Assert.Equal("create-replacement,replace,delete-replaced", change.RawAction);
        Assert.Equal(["fifoQueue", "name"], change.ReplacePaths.ToArray());
        Assert.Equal(false, change.Before?.Get("fifoQueue")?.AsBool());
        Assert.Equal(true, change.After?.Get("fifoQueue")?.AsBool());
    }

    [Fact]
    public void Protect_and_retainOnDelete_are_read_from_the_old_state()
    {
        var plan = Load("preview.json");
        var assets = Change(plan, "aws:s3/bucket:Bucket assets");
        var logs = Change(plan, "aws:s3/bucket:Bucket logs");

        Assert.True(assets.Protected);
        Assert.Equal(ObjectFate.Destroyed, assets.Fate);
        Assert.False(logs.Protected);
        Assert.Equal(ObjectFate.Retained, logs.Fate);
    }

    [Fact]
    public void A_protected_delete_is_reported_on_its_resource_and_does_not_make_the_preview_errored()
    {
        var plan = Load("preview.json");
        var assets = Change(plan, "aws:s3/bucket:Bucket assets");

        Assert.False(plan.Errored);
        Assert.Contains("cannot be deleted because it is protected", assets.Properties["toolError"], StringComparison.Ordinal);
        Assert.Contains(plan.Messages, m => m.Severity == "error" && m.Address == assets.Address);
    }

    [Fact]
    public void Diagnostics_keep_errors_and_warnings_without_colour_tags()
    {
        var plan = Load("preview.json");

        Assert.Equal(["error", "warning"], plan.Messages.Select(m => m.Severity));
        Assert.Equal("runtime nodejs20.x is deprecated soon", plan.Messages[1].Message);
        Assert.All(plan.Messages, m => Assert.DoesNotContain('\n', m.Message));
    }

    [Fact]
    public void Read_is_data_and_import_is_an_import()
    {
        var plan = Load("preview.json");

        Assert.Equal(ResourceMode.Data, Change(plan, "aws:ec2/getAmi:getAmi ubuntu").Mode);
        Assert.True(Change(plan, "aws:dynamodb/table:Table orders").Importing);
    }

    [Fact]
    public void Secrets_are_masked_unknowns_marked_and_assets_described_not_dumped()
    {
        var plan = Load("preview.json");
        var function = Change(plan, "aws:lambda/function:Function api");
        var database = Change(plan, "aws:rds/instance:Instance orders-db");

        Assert.Equal(PlanValue.Sensitive, database.Before?.Get("password"));
        Assert.Equal(PlanValue.Sensitive, function.After?.Get("environment", "variables", "DB_PASSWORD"));
        Assert.Equal(PlanValue.Unknown, function.After?.Get("environment", "variables", "DB_HOST"));
        Assert.Equal(PlanValue.Unknown, function.After?.Get("role"));

        // The signature key also marks archives and assets: kept as a short description, not masked, not dumped.
        Assert.Equal("archive sha256:4fababcf7ea9c00e", function.After?.Get("code")?.AsString());
        var strings = plan.Changes.SelectMany(c => new[] { c.Before, c.After }.OfType<PlanValue>()).SelectMany(v => v.Strings()).ToArray();
        Assert.DoesNotContain(strings, s => s.Contains("plain-asset-text-5d1e", StringComparison.Ordinal) || s == "[secret]" || s == PulumiValuesSentinels.Secret);
    }

    [Fact]
    public void Dependencies_property_dependencies_and_parents_become_edges()
    {
        var plan = Load("preview.json");
        var function = Stack + "shop:index:Api$aws:lambda/function:Function::api";
        var role = Stack + "shop:index:Api$aws:iam/role:Role::api-role";
        var api = Stack + "shop:index:Api::api";
        var bucket = Stack + "aws:s3/bucket:Bucket::assets";
        var database = Stack + "aws:rds/instance:Instance::orders-db";

        Assert.Contains(new DependencyEdge(function, role, "dependencies"), plan.Dependencies);
        Assert.Contains(new DependencyEdge(function, role, "propertyDependencies"), plan.Dependencies);
        Assert.Contains(new DependencyEdge(function, api, "parent"), plan.Dependencies);
        Assert.Contains(new DependencyEdge(database, bucket, "dependencies"), plan.Dependencies);

        // Deleting the bucket reaches the database that depends on it.
        Assert.Contains(BlastRadius.Compute(plan).DependentsOf(bucket), a => a.Address == database);
    }

    [Theory]
    [InlineData("[]", "expected the JSON object")]
    [InlineData("{\"steps\": [{\"op\": \"create\"}]}", "`steps[0]` has no urn")]
    [InlineData("{\"steps\": [", "ends early")]
    public void Broken_previews_throw_one_line_naming_the_file(string json, string problem)
    {
        var message = Assert.Throws<PlanReadException>(() => new PulumiPreviewReader().Read(new StringReader(json), "preview.json")).Message;
        Assert.StartsWith("preview.json: ", message, StringComparison.Ordinal);
        Assert.Contains(problem, message, StringComparison.Ordinal);
    }

    [Fact]
    public void Counts_come_from_the_steps_not_from_changeSummary()
    {
        var summary = ChangeSummary.Of(Load("preview.json"));

        // changeSummary in the file says create 3, delete 2, replace 2, same 1, update 1; the steps also hold
        // a read, an import (noop) and an unknown op that the summary does not count.
        Assert.Equal((3, 1, 2, 2, 1, 2, 1), (summary.Create, summary.Update, summary.Delete, summary.Replace, summary.Read, summary.NoOp, summary.Unknown));
    }
}

/// <summary>The wire markers a test must never find in the model.</summary>
internal static class PulumiValuesSentinels
{
    public const string Secret = "1b47061264138c4ac30d75fd1eb44270";
}
