using PlanReview.Core.Graph;
using PlanReview.Core.Model;
using PlanReview.Readers.CloudFormation;

namespace PlanReview.Readers.Tests;

public sealed class CloudFormationChangeSetReaderTests
{
    private static Plan Load(string name) => PlanLoader.Default.Load(CloudFormationPulumiPaths.Fixture("cloudformation", name));

    private static ResourceChange Change(Plan plan, string logicalId) => Assert.Single(plan.Changes, c => c.Address == $"{plan.Stack}/{logicalId}");

    [Fact]
    public void Stack_name_read_after_the_changes_names_every_address()
    {
        var plan = Load("change-set-every-action.json");

        Assert.Equal(PlanFormat.CloudFormation, plan.Format);
        Assert.Equal("shop", plan.Stack);
        Assert.Null(plan.ToolVersion);
        Assert.Null(plan.FormatVersion);
        Assert.Equal(13, plan.Changes.Length);
        Assert.All(plan.Changes, c => Assert.StartsWith("shop/", c.Address, StringComparison.Ordinal));
        Assert.All(plan.Changes, c => Assert.Equal("aws", c.Provider));
        Assert.Equal("AWS::RDS::DBInstance", Change(plan, "Database").Type);
    }

    [Theory]
    [InlineData("NewQueue", ChangeAction.Create, "Add")]
    [InlineData("OldBucket", ChangeAction.Delete, "Remove")]
    [InlineData("Database", ChangeAction.Replace, "Modify/True")]
    [InlineData("ApiFunction", ChangeAction.Update, "Modify/False")]
    [InlineData("WebSecurityGroup", ChangeAction.Update, "Modify")]
    [InlineData("Cache", ChangeAction.Update, "Modify/Conditional")]
    [InlineData("ImportedTable", ChangeAction.NoOp, "Import")]
    [InlineData("NestedWorker", ChangeAction.Unknown, "Dynamic")]
    [InlineData("Key", ChangeAction.NoOp, "SyncWithActual")]
    [InlineData("Mystery", ChangeAction.Unknown, "Frobnicate")]
    public void Action_maps_to_the_normalised_action(string logicalId, ChangeAction expected, string rawAction)
    {
        var change = Change(Load("change-set-every-action.json"), logicalId);

        Assert.Equal(expected, change.Action);
        Assert.Equal(rawAction, change.RawAction);
    }

    [Fact]
    public void Add_with_Replacement_True_is_a_create_not_a_replace()
    {
        var change = Change(Load("change-set-every-action.json"), "NewQueue");

        Assert.Equal(ChangeAction.Create, change.Action);
        Assert.Equal(ReplaceOrder.None, change.ReplaceOrder);
        Assert.Equal(ObjectFate.None, change.Fate);
        Assert.False(change.MayReplace);
        Assert.Equal("orders-dlq", change.After?.Get("Properties", "QueueName")?.AsString());
    }

    [Theory]
    [InlineData("OldBucket", ObjectFate.Retained, "Retain")]
    [InlineData("OldVolume", ObjectFate.Snapshotted, "Snapshot")]
    [InlineData("LegacyTopic", ObjectFate.Destroyed, null)]
    [InlineData("Database", ObjectFate.Snapshotted, "ReplaceAndSnapshot")]
    [InlineData("SubnetGroup", ObjectFate.Destroyed, null)]
    public void PolicyAction_decides_the_fate_and_its_absence_means_destroyed(string logicalId, ObjectFate fate, string? policyAction)
    {
        var change = Change(Load("change-set-every-action.json"), logicalId);

        Assert.Equal(fate, change.Fate);
        Assert.Equal(policyAction, change.Properties.GetValueOrDefault("policyAction"));
    }

    [Fact]
    public void Replacement_creates_first_and_lists_the_targets_that_force_it_once()
    {
        var change = Change(Load("change-set-every-action.json"), "Database");

        Assert.Equal(ReplaceOrder.CreateFirst, change.ReplaceOrder);

        // DBSubnetGroupName comes in two details (Dynamic and Static): one path.
        Assert.Equal(["Properties.DBSubnetGroupName"], change.ReplacePaths.ToArray());
    }

    [Fact]
    public void Conditional_replacement_is_an_update_that_may_replace()
    {
        var change = Change(Load("change-set-every-action.json"), "Cache");

        Assert.True(change.MayReplace);
        Assert.Equal(ReplaceOrder.None, change.ReplaceOrder);
        Assert.Equal(ObjectFate.None, change.Fate);
        Assert.Equal(["Properties.Engine"], change.ReplacePaths.ToArray());
        Assert.Equal("ReplaceAndDelete", change.Properties["policyAction"]);
    }

    [Fact]
    public void Import_is_a_noop_that_imports()
    {
        var change = Change(Load("change-set-every-action.json"), "ImportedTable");

        Assert.True(change.Importing);
        Assert.Equal(1, ChangeSummary.Of(Load("change-set-every-action.json")).Import);
    }

    [Fact]
    public void Causing_entities_of_Ref_and_GetAtt_become_dependency_edges_and_parameters_do_not()
    {
        var plan = Load("change-set-every-action.json");

        Assert.Equal(
            [
                new DependencyEdge("shop/Database", "shop/SubnetGroup", "CausingEntity"),
                new DependencyEdge("shop/ApiFunction", "shop/Database", "CausingEntity"),
            ],
            plan.Dependencies.ToArray());

        // The replaced subnet group reaches the database, and through it the function.
        var radius = BlastRadius.Compute(plan);
        Assert.Contains(radius.DependentsOf("shop/SubnetGroup"), a => a.Address == "shop/ApiFunction" && a.Depth == 2);
    }

    [Fact]
    public void String_encoded_contexts_become_value_trees()
    {
        var change = Change(Load("change-set-every-action.json"), "Database");

        Assert.Equal(true, change.Before?.Get("Properties", "DeletionProtection")?.AsBool());
        Assert.Equal(false, change.After?.Get("Properties", "DeletionProtection")?.AsBool());
        Assert.Equal("Snapshot", change.Before?.Get("DeletionPolicy")?.AsString());
        Assert.Equal(PlanValue.Unknown, change.After?.Get("Properties", "DBSubnetGroupName"));
    }

    [Fact]
    public void Parsed_contexts_of_LocalStack_snapshots_are_read_too()
    {
        var change = Assert.Single(Load("change-set-context-objects.json").Changes);

        Assert.Equal(true, change.Before?.Get("Properties", "DeletionProtectionEnabled")?.AsBool());
        Assert.Equal(ChangeAction.Delete, change.Action);
    }

    [Fact]
    public void NoEcho_values_stay_masked_and_parameter_values_go_nowhere()
    {
        var plan = Load("change-set-every-action.json");
        var database = Change(plan, "Database");

        Assert.Equal(PlanValue.Sensitive, database.Before?.Get("Properties", "MasterUserPassword"));
        var everything = plan.Changes.SelectMany(c => new[] { c.Before, c.After }.OfType<PlanValue>().SelectMany(v => v.Strings()).Concat(c.Properties.Values))
            .Concat(plan.Messages.Select(m => m.Message));
        Assert.DoesNotContain(everything, s => s.Contains("****", StringComparison.Ordinal) || s.Contains("plain-parameter-value-7f3a", StringComparison.Ordinal));
    }

    [Fact]
    public void Failed_change_set_without_changes_is_an_empty_plan_with_an_explanation()
    {
        var plan = Load("change-set-no-changes.json");

        Assert.Empty(plan.Changes);
        Assert.False(plan.Errored);
        var message = Assert.Single(plan.Messages);
        Assert.Equal("info", message.Severity);
        Assert.Contains("no changes", message.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Failed_change_set_for_another_reason_is_errored()
    {
        var plan = Load("change-set-failed-transform.json");

        Assert.True(plan.Errored);
        var message = Assert.Single(plan.Messages);
        Assert.Equal("error", message.Severity);
        Assert.Contains("Transform AWS::Serverless-2016-10-31 failed", message.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_change_set_output_is_refused_with_the_command_to_run()
    {
        var path = CloudFormationPulumiPaths.Fixture("cloudformation", "create-change-set-output.json");

        var refused = Assert.Throws<PlanReadException>(() => PlanLoader.Default.Load(path));

        Assert.StartsWith(path + ":", refused.Message, StringComparison.Ordinal);
        Assert.Contains("aws cloudformation describe-change-set", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[1, 2]", "expected a JSON object")]
    [InlineData("{\"ChangeSetId\": \"x\", \"Changes\": [{\"ResourceChange\": {\"Action\": \"Add\"}}]}", "no LogicalResourceId")]
    [InlineData("{\"ChangeSetId\": \"x\", \"Changes\": {}}", "`Changes` is not a list")]
    [InlineData("{\"ChangeSetId\": \"x\", \"Changes\": [", "ends early")]
    public void Broken_change_sets_throw_one_line_naming_the_file(string json, string problem)
    {
        var reader = new CloudFormationChangeSetReader();

        var message = Assert.Throws<PlanReadException>(() => reader.Read(new StringReader(json), "cs.json")).Message;
        Assert.StartsWith("cs.json: ", message, StringComparison.Ordinal);
        Assert.Contains(problem, message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', message);
    }

    [Fact]
    public void NextToken_marks_the_plan_incomplete()
    {
        var json = "{\"StackName\": \"s\", \"ChangeSetId\": \"x\", \"Status\": \"CREATE_COMPLETE\", \"Changes\": [], \"NextToken\": \"abc\"}";

        var plan = new CloudFormationChangeSetReader().Read(new StringReader(json), "page1.json");

        Assert.False(plan.Complete);
        Assert.Contains(plan.Messages, m => m.Message.Contains("NextToken", StringComparison.Ordinal));
    }
}
