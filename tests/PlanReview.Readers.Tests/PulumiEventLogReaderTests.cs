using PlanReview.Core.Model;
using PlanReview.Readers.Pulumi;

namespace PlanReview.Readers.Tests;

public sealed class PulumiEventLogReaderTests
{
    private const string Stack = "urn:pulumi:prod::shop::";

    private static Plan Load(string name) => PlanLoader.Default.Load(CloudFormationPulumiPaths.Fixture("pulumi", name));

    private static ResourceChange Change(Plan plan, string typeAndName) =>
        Assert.Single(plan.Changes, c => c.Name == typeAndName && c.Deposed is null);

    [Fact]
    public void Steps_are_counted_from_pre_events_once_per_URN_and_outputs_events_are_not_counted_again()
    {
        var plan = Load("eventlog-preview.jsonl");

        Assert.Equal(PlanFormat.Pulumi, plan.Format);
        Assert.Equal(plan.Changes.Length, plan.Changes.Select(c => c.Key).Distinct().Count());
        Assert.Equal(10, plan.Changes.Length);
    }

    [Fact]
    public void Delete_replaced_before_create_replacement_is_a_delete_first_replace()
    {
        var plan = Load("eventlog-preview.jsonl");
        var volume = Change(plan, "aws:ebs/volume:Volume data");
        var instance = Change(plan, "aws:ec2/instance:Instance worker");

        Assert.Equal(ChangeAction.Replace, volume.Action);
        Assert.Equal(ReplaceOrder.DeleteFirst, volume.ReplaceOrder);
        Assert.Equal("delete-replaced,replace,create-replacement", volume.RawAction);
        Assert.Equal(["type"], volume.ReplacePaths.ToArray());
        Assert.Equal("gp2", volume.Before?.Get("type")?.AsString());
        Assert.Equal("gp3", volume.After?.Get("type")?.AsString());
        Assert.Equal(ReplaceOrder.DeleteFirst, instance.ReplaceOrder);
    }

    [Fact]
    public void Secret_signature_objects_are_masked()
    {
        var instance = Change(Load("eventlog-preview.jsonl"), "aws:ec2/instance:Instance worker");

        Assert.Equal(PlanValue.Sensitive, instance.Before?.Get("userData"));
        Assert.Equal(PlanValue.Sensitive, instance.After?.Get("userData"));
    }

    [Fact]
    public void RetainOnDelete_delete_is_retained()
    {
        var archive = Change(Load("eventlog-preview.jsonl"), "aws:s3/bucket:Bucket archive");

        Assert.Equal(ChangeAction.Delete, archive.Action);
        Assert.Equal(ObjectFate.Retained, archive.Fate);
    }

    [Fact]
    public void Discard_forgets_an_external_read_and_deletes_nothing()
    {
        var reference = Change(Load("eventlog-preview.jsonl"), "pulumi:pulumi:StackReference network");

        Assert.Equal(ChangeAction.Forget, reference.Action);
        Assert.Equal(ObjectFate.Forgotten, reference.Fate);
        Assert.Equal(ResourceMode.Data, reference.Mode);
    }

    [Fact]
    public void Import_replacement_of_an_external_object_imports_and_forgets_the_old_one()
    {
        var vpc = Change(Load("eventlog-preview.jsonl"), "aws:ec2/vpc:Vpc shared-vpc");

        Assert.Equal(ChangeAction.Replace, vpc.Action);
        Assert.True(vpc.Importing);
        Assert.Equal(ObjectFate.Forgotten, vpc.Fate);
        Assert.Equal(ReplaceOrder.CreateFirst, vpc.ReplaceOrder);
    }

    [Fact]
    public void Read_replacement_of_a_managed_object_stays_managed_because_the_old_object_is_deleted()
    {
        var group = Change(Load("eventlog-preview.jsonl"), "aws:ec2/securityGroup:SecurityGroup adopted");

        Assert.Equal(ChangeAction.Replace, group.Action);
        Assert.Equal(ResourceMode.Managed, group.Mode);
        Assert.Equal(ObjectFate.Destroyed, group.Fate);
        Assert.Equal("true", group.Properties["readReplacement"]);
    }

    [Fact]
    public void Remove_pending_replace_is_a_noop_and_a_refresh_with_a_diff_is_an_update()
    {
        var plan = Load("eventlog-preview.jsonl");

        Assert.Equal(ChangeAction.NoOp, Change(plan, "aws:ec2/eip:Eip ip").Action);
        Assert.Equal(ChangeAction.Update, Change(plan, "aws:ec2/subnet:Subnet drifted").Action);
    }

    [Fact]
    public void A_preview_that_fails_only_on_a_protected_delete_is_still_a_preview_of_that_delete()
    {
        var plan = Load("eventlog-preview.jsonl");
        var key = Change(plan, "aws:kms/key:Key data-key");

        Assert.Equal(ChangeAction.Delete, key.Action);
        Assert.True(key.Protected);
        Assert.False(plan.Errored);
        Assert.Equal("Preview failed: resource \"" + key.Address + "\" cannot be deleted because it is protected.", key.Properties["toolError"]);
        Assert.Contains(plan.Messages, m => m.Severity == "error" && m.Address == key.Address);
    }

    [Fact]
    public void A_failure_on_an_unprotected_resource_makes_the_plan_errored()
    {
        var plan = Load("eventlog-up-failed.jsonl");

        Assert.True(plan.Errored);
        Assert.Equal(ChangeAction.Update, Assert.Single(plan.Changes).Action);
        Assert.Contains(plan.Messages, m => m.Message == "updating SQS Queue: AccessDenied");
    }

    [Fact]
    public void A_log_without_summary_is_incomplete()
    {
        var plan = Load("eventlog-truncated.jsonl");

        Assert.False(plan.Complete);
        Assert.Equal(ChangeAction.Create, Assert.Single(plan.Changes).Action);
        Assert.Contains(plan.Messages, m => m.Message.Contains("no summaryEvent", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("eventlog-pretty.jsonl", "line 1 is not a complete JSON object")]
    [InlineData("eventlog-two-per-line.jsonl", "line 1 holds more than one JSON value")]
    public void Anything_but_one_object_per_line_is_refused(string name, string problem)
    {
        var path = CloudFormationPulumiPaths.Fixture("pulumi", name);

        var refused = Assert.Throws<PlanReadException>(() => PlanLoader.Default.Load(path));

        Assert.StartsWith(path + ": " + problem, refused.Message, StringComparison.Ordinal);
        Assert.EndsWith("one JSON object per line expected (as written by --event-log)", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', refused.Message);
    }

    [Fact]
    public void A_lone_delete_replaced_deletes_the_pending_old_object_as_a_row_of_its_own()
    {
        var urn = Stack + "aws:ec2/eip:Eip::ip";
        var log = string.Join('\n',
            "{\"sequence\":1,\"timestamp\":1,\"resourcePreEvent\":{\"metadata\":{\"op\":\"same\",\"urn\":\"" + urn + "\",\"type\":\"aws:ec2/eip:Eip\",\"old\":{\"id\":\"eip-2\"},\"new\":{\"id\":\"eip-2\"}}}}",
            "{\"sequence\":2,\"timestamp\":2,\"resourcePreEvent\":{\"metadata\":{\"op\":\"delete-replaced\",\"urn\":\"" + urn + "\",\"type\":\"aws:ec2/eip:Eip\",\"old\":{\"id\":\"eip-1\",\"delete\":true},\"new\":null}}}",
            "{\"sequence\":3,\"timestamp\":3,\"summaryEvent\":{\"resourceChanges\":{\"same\":1}}}");

        var plan = new PulumiEventLogReader().Read(new StringReader(log), "log.jsonl");

        Assert.Equal(2, plan.Changes.Length);
        Assert.Equal(ChangeAction.NoOp, plan.Changes[0].Action);
        Assert.Equal(ChangeAction.Delete, plan.Changes[1].Action);
        Assert.Equal("pending-delete", plan.Changes[1].Deposed);
        Assert.Equal(urn, plan.Changes[1].Address);
    }

    [Fact]
    public void A_delete_of_an_object_marked_for_deletion_is_the_pending_old_object()
    {
        var urn = Stack + "aws:ec2/eip:Eip::ip";
        var log = "{\"sequence\":1,\"timestamp\":1,\"resourcePreEvent\":{\"metadata\":{\"op\":\"delete\",\"urn\":\"" + urn + "\",\"old\":{\"id\":\"eip-1\",\"delete\":true},\"new\":null}}}\n"
            + "{\"sequence\":2,\"timestamp\":2,\"summaryEvent\":{\"resourceChanges\":{}}}\n";

        var change = Assert.Single(new PulumiEventLogReader().Read(new StringReader(log), "log.jsonl").Changes);

        Assert.Equal(ChangeAction.Delete, change.Action);
        Assert.Equal("pending-delete", change.Deposed);
    }

    [Fact]
    public void Engine_error_event_makes_the_plan_errored()
    {
        var log = "{\"sequence\":1,\"timestamp\":1,\"errorEvent\":{\"error\":\"failed to load plugin aws\"}}\n{\"sequence\":2,\"timestamp\":2,\"summaryEvent\":{\"resourceChanges\":{}}}\n";

        var plan = new PulumiEventLogReader().Read(new StringReader(log), "log.jsonl");

        Assert.True(plan.Errored);
        Assert.Equal("failed to load plugin aws", Assert.Single(plan.Messages).Message);
    }
}
