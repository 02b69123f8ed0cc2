using System.Text;
using PlanReview.Core.Model;
using PlanReview.Readers;

namespace PlanReview.PropertyTests;

/// <summary>
/// The Terraform reader does not build the values it reads only for their secrets (no-op changes, state
/// resources): it walks their bytes with the mask; these pin down that no secret is lost on the way.
/// </summary>
public class TapedValueTests
{
    private const string Secret = "s3cret-value-0042";

    [Fact]
    public void A_secret_of_a_noop_resource_is_masked_where_another_change_copies_it()
    {
        var plan = Load("""
            {"format_version":"1.2","resource_changes":[
              {"address":"aws_db_instance.a","type":"aws_db_instance","change":{"actions":["no-op"],
                "before":{"password":"SECRET","name":"a"},"after":{"password":"SECRET","name":"a"},
                "after_unknown":{},"before_sensitive":{"password":true},"after_sensitive":{"password":true}}},
              {"address":"terraform_data.b","type":"terraform_data","change":{"actions":["update"],
                "before":{"input":"old"},"after":{"input":"postgres://u:SECRET@db"},"after_unknown":{},"before_sensitive":{},"after_sensitive":{}}}]}
            """);

        AssertMasked(plan, "terraform_data.b");
        Assert.Null(plan.Changes.Single(c => c.Address == "aws_db_instance.a").Before);
    }

    [Fact]
    public void A_secret_found_only_in_the_prior_state_is_masked_in_the_changes()
    {
        var plan = Load("""
            {"format_version":"1.2",
             "prior_state":{"values":{"root_module":{"resources":[
               {"address":"aws_db_instance.a","mode":"managed","values":{"password":"SECRET","tags":{"x":["SECRET"]}},
                "sensitive_values":{"password":true,"tags":{"x":[true]}}}]}}},
             "resource_changes":[
              {"address":"terraform_data.b","type":"terraform_data","change":{"actions":["delete"],
                "before":{"input":"SECRET"},"after":null,"after_unknown":{},"before_sensitive":{},"after_sensitive":false}}]}
            """);

        AssertMasked(plan, "terraform_data.b");
    }

    [Fact]
    public void A_secret_under_a_list_mask_of_a_noop_is_found_and_an_unmasked_sibling_is_not()
    {
        var plan = Load("""
            {"format_version":"1.2","resource_changes":[
              {"address":"x.a","type":"x","change":{"actions":["no-op"],
                "before":{"items":[{"k":"public-value-1"},{"k":"SECRET"}]},"after":{"items":[{"k":"public-value-1"},{"k":"SECRET"}]},
                "after_unknown":{},"before_sensitive":{"items":[{},{"k":true}]},"after_sensitive":{"items":[{},{"k":true}]}}},
              {"address":"x.b","type":"x","change":{"actions":["update"],
                "before":{"v":"public-value-1"},"after":{"v":"SECRET"},"after_unknown":{},"before_sensitive":{},"after_sensitive":{}}}]}
            """);

        var b = plan.Changes.Single(c => c.Address == "x.b");
        Assert.Equal("public-value-1", ((PlanValue.StringValue)((PlanValue.ObjectValue)b.Before!).Properties["v"]).Value);
        AssertMasked(plan, "x.b");
    }

    [Fact]
    public void Actions_given_again_after_the_values_bring_the_values_back()
    {
        // A hostile document: no-op first (values taped), then delete. The delete keeps its before.
        var plan = Load("""
            {"format_version":"1.2","resource_changes":[
              {"address":"x.a","type":"x","change":{"actions":["no-op"],"before":{"n":1,"s":"v","l":[true,null]},"after":{"n":1},
                "actions":["delete"]}}]}
            """);

        var change = Assert.Single(plan.Changes);
        Assert.Equal(ChangeAction.Delete, change.Action);
        var before = Assert.IsType<PlanValue.ObjectValue>(change.Before);
        Assert.Equal(["l", "n", "s"], before.Properties.Keys);
        Assert.Equal("1", ((PlanValue.NumberValue)before.Properties["n"]).Raw);
    }

    private static Plan Load(string json) => PlanLoader.Default.Load(new MemoryStream(Encoding.UTF8.GetBytes(json.Replace("SECRET", Secret, StringComparison.Ordinal))), "taped.json");

    private static void AssertMasked(Plan plan, string address)
    {
        var change = plan.Changes.Single(c => c.Address == address);
        var text = string.Join("\n", new[] { change.Before, change.After }.Where(v => v is not null).SelectMany(v => v!.Strings()));
        Assert.DoesNotContain(Secret, text, StringComparison.Ordinal);
        Assert.True(HasSensitiveLeaf(change.Before) || HasSensitiveLeaf(change.After), "the secret was dropped instead of masked");
    }

    private static bool HasSensitiveLeaf(PlanValue? value) => value switch
    {
        PlanValue.ObjectValue o => o.Properties.Values.Any(HasSensitiveLeaf),
        PlanValue.ListValue l => l.Items.Any(HasSensitiveLeaf),
        null => false,
        _ => ReferenceEquals(value, PlanValue.Sensitive),
    };
}
