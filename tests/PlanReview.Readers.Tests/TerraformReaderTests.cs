using PlanReview.Core.Graph;
using PlanReview.Core.Model;
using PlanReview.Readers.Terraform;
using PlanReview.Readers.Tests.Support;

namespace PlanReview.Readers.Tests;

/// <summary>The reader on small hand-written documents: each test covers one rule of the format.</summary>
public sealed class TerraformReaderTests
{
    private static Plan Read(string json) => new TerraformPlanReader().Read(new StringReader(json), "plan.json");

    private static string Change(string address, string actions, string extra = "") =>
        "{\"address\":\"" + address + "\",\"mode\":\"managed\",\"type\":\"" + address.Split('.')[0] +
        "\",\"name\":\"x\",\"provider_name\":\"p\",\"change\":{\"actions\":" + actions + extra + "}}";

    private static string PlanWith(params string[] changes) =>
        $$"""{"format_version":"1.2","resource_changes":[{{string.Join(",", changes)}}]}""";

    [Theory]
    [InlineData("""["no-op"]""", ChangeAction.NoOp, ReplaceOrder.None, ObjectFate.None)]
    [InlineData("""["create"]""", ChangeAction.Create, ReplaceOrder.None, ObjectFate.None)]
    [InlineData("""["read"]""", ChangeAction.Read, ReplaceOrder.None, ObjectFate.None)]
    [InlineData("""["update"]""", ChangeAction.Update, ReplaceOrder.None, ObjectFate.None)]
    [InlineData("""["delete"]""", ChangeAction.Delete, ReplaceOrder.None, ObjectFate.Destroyed)]
    [InlineData("""["delete","create"]""", ChangeAction.Replace, ReplaceOrder.DeleteFirst, ObjectFate.Destroyed)]
    [InlineData("""["create","delete"]""", ChangeAction.Replace, ReplaceOrder.CreateFirst, ObjectFate.Destroyed)]
    [InlineData("""["forget"]""", ChangeAction.Forget, ReplaceOrder.None, ObjectFate.Forgotten)]
    [InlineData("""["create","forget"]""", ChangeAction.Replace, ReplaceOrder.CreateFirst, ObjectFate.Forgotten)]
    [InlineData("""["forget","create"]""", ChangeAction.Replace, ReplaceOrder.DeleteFirst, ObjectFate.Forgotten)]
    [InlineData("""["delete","read"]""", ChangeAction.Unknown, ReplaceOrder.None, ObjectFate.None)]
    [InlineData("""["create","create"]""", ChangeAction.Unknown, ReplaceOrder.None, ObjectFate.None)]
    [InlineData("""["explode"]""", ChangeAction.Unknown, ReplaceOrder.None, ObjectFate.None)]
    [InlineData("""[]""", ChangeAction.Unknown, ReplaceOrder.None, ObjectFate.None)]
    public void Actions_are_normalised_and_unknown_lists_are_never_guessed(string actions, ChangeAction action, ReplaceOrder order, ObjectFate fate)
    {
        var change = Assert.Single(Read(PlanWith(Change("a.b", actions))).Changes);

        Assert.Equal((action, order, fate), (change.Action, change.ReplaceOrder, change.Fate));
        Assert.Equal(string.Join(",", System.Text.Json.JsonSerializer.Deserialize<string[]>(actions)!), change.RawAction);
    }

    [Theory]
    [InlineData("0.1")]
    [InlineData("0.2")]
    [InlineData("1.0")]
    [InlineData("1.2")]
    [InlineData("1.99")]
    public void Format_versions_0_and_1_are_read(string version)
    {
        var plan = Read($$"""{"format_version":"{{version}}","terraform_version":"1.0.0","resource_changes":[]}""");

        Assert.Equal(version, plan.FormatVersion);
        Assert.Equal("1.0.0", plan.ToolVersion);
    }

    [Theory]
    [InlineData("format_version", "2.0")]
    [InlineData("format_version", "10.1")]
    [InlineData("plan_format_version", "2.1")]
    public void Format_version_2_or_later_is_refused_naming_the_version(string key, string version)
    {
        var ex = Assert.Throws<PlanReadException>(() => Read($$"""{"resource_changes":[],"{{key}}":"{{version}}"}"""));

        Assert.StartsWith("plan.json: ", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"{key} {version}", ex.Message, StringComparison.Ordinal);
        Assert.Contains("0.x and 1.x", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Hcp_redacted_envelope_and_opentofu_without_flags_are_read()
    {
        var hcp = Read("""{"plan_format_version":"1.1","resource_changes":[""" + Change("null_resource.foo", """["create"]""") + """],"provider_format_version":"1.0"}""");
        Assert.Equal("1.1", hcp.FormatVersion);
        Assert.Null(hcp.Complete);
        Assert.False(hcp.Errored);
        Assert.Null(hcp.PriorResourceCount);
        Assert.Equal(ChangeAction.Create, Assert.Single(hcp.Changes).Action);
    }

    [Fact]
    public void Top_level_flags_are_kept()
    {
        var plan = Read("""{"format_version":"1.2","errored":true,"complete":false,"applyable":false}""");

        Assert.True(plan.Errored);
        Assert.False(plan.Complete);
    }

    [Fact]
    public void Replace_paths_are_rendered_with_dots_and_indexes()
    {
        var change = Assert.Single(Read(PlanWith(Change("a.b", """["delete","create"]""", ""","replace_paths":[["a","b",0],["tags","team.name"],["plain"]]"""))).Changes);

        Assert.Equal(["a.b[0]", "tags[\"team.name\"]", "plain"], change.ReplacePaths.ToArray());
    }

    [Fact]
    public void Numbers_keep_their_digits()
    {
        var change = Assert.Single(Read(PlanWith(Change("a.b", """["create"]""", ""","after":{"big":123456789012345678901234567890,"price":1.50,"small":-7,"exact":0.1000000000000000055511151231}"""))).Changes);

        Assert.Equal("123456789012345678901234567890", change.After!.Get("big")!.ToString());
        Assert.Equal("1.50", change.After.Get("price")!.ToString());
        Assert.Equal("-7", change.After.Get("small")!.ToString());
        Assert.Equal("0.1000000000000000055511151231", change.After.Get("exact")!.ToString());
        Assert.IsType<PlanValue.NumberValue>(change.After.Get("big"));
    }

    [Fact]
    public void Data_mode_previous_address_deposed_and_importing_are_kept()
    {
        var plan = Read(PlanWith(
            """{"address":"data.x.y","mode":"data","type":"x","change":{"actions":["read"]},"action_reason":"read_because_config_unknown"}""",
            Change("a.new", """["no-op"]""").Replace("\"address\":\"a.new\"", "\"address\":\"a.new\",\"previous_address\":\"a.old\"", StringComparison.Ordinal),
            Change("a.b", """["delete"]""").Replace("\"address\":\"a.b\"", "\"address\":\"a.b\",\"deposed\":\"0badcafe\"", StringComparison.Ordinal),
            Change("a.imp", """["no-op"]""", ""","importing":{"id":"i-123"}""")));

        Assert.Equal(ResourceMode.Data, plan.Changes[0].Mode);
        Assert.Equal("read_because_config_unknown", plan.Changes[0].Reason);
        Assert.Equal("a.old", plan.Changes[1].PreviousAddress);
        Assert.Equal(ChangeAction.NoOp, plan.Changes[1].Action);
        Assert.Equal("0badcafe", plan.Changes[2].Deposed);
        Assert.True(plan.Changes[3].Importing);
        Assert.Equal("i-123", plan.Changes[3].Properties["import_id"]);
        Assert.False(plan.Changes[0].Importing);
    }

    [Fact]
    public void Drift_is_kept_apart_from_the_planned_changes()
    {
        var plan = Read("""{"format_version":"1.2","resource_drift":[""" + Change("a.b", """["delete"]""") + """],"resource_changes":[]}""");

        Assert.Empty(plan.Changes);
        Assert.Equal(ChangeAction.Delete, Assert.Single(plan.Drift).Action);
    }

    [Fact]
    public void Values_are_kept_only_for_changes_that_are_not_noops()
    {
        var plan = Read(PlanWith(
            Change("a.same", """["no-op"]""", ""","before":{"v":"1"},"after":{"v":"1"}"""),
            Change("a.upd", """["update"]""", ""","before":{"v":"1"},"after":{"v":"2"}""")));

        Assert.Null(plan.Changes[0].Before);
        Assert.Null(plan.Changes[0].After);
        Assert.Equal("1", plan.Changes[1].Before!.Get("v")!.AsString());
        Assert.Equal("2", plan.Changes[1].After!.Get("v")!.AsString());
    }

    [Fact]
    public void Sensitive_masks_apply_to_leaves_and_whole_values()
    {
        var plan = Read(PlanWith(Change("a.b", """["update"]""",
            """
            ,"before":{"pw":"old-password-1","list":["a","s3cret-item"]},"after":{"pw":"new-password-1"},
            "before_sensitive":{"pw":true,"list":[false,true]},"after_sensitive":true
            """)));

        var change = Assert.Single(plan.Changes);
        Assert.Equal(PlanValue.Sensitive, change.Before!.Get("pw"));
        Assert.Equal("a", change.Before.Get("list", "0")!.AsString());
        Assert.Equal(PlanValue.Sensitive, change.Before.Get("list", "1"));
        Assert.Equal(PlanValue.Sensitive, change.After);
    }

    [Fact]
    public void A_secret_found_late_masks_a_value_read_early_and_copies_of_it()
    {
        // The secret is only declared sensitive by the configuration, which comes last; the values come first.
        var plan = Read(
            """{"resource_changes":[""" +
            Change("a.b", """["update"]""", ""","before":{"copy":"Tr0ub4dor&3","url":"pg://u:Tr0ub4dor&3@h","short":"abc","other":"abcd"},"after":{"copy":"x"}""") +
            """],"variables":{"pw":{"value":"Tr0ub4dor&3"},"code":{"value":"abc"},"plain":{"value":"visible-value"}}, """ +
            """ "configuration":{"root_module":{"variables":{"pw":{"sensitive":true},"code":{"sensitive":true},"plain":{}}}},"format_version":"1.2"}""");

        var before = Assert.Single(plan.Changes).Before!;
        Assert.Equal(PlanValue.Sensitive, before.Get("copy"));
        Assert.Equal(PlanValue.Sensitive, before.Get("url"));

        // Short secrets mask equal strings only: "abc" inside "abcd" is a coincidence, not a leak.
        Assert.Equal(PlanValue.Sensitive, before.Get("short"));
        Assert.Equal("abcd", before.Get("other")!.AsString());
        Assert.DoesNotContain(ModelStrings.All(plan), s => s.Contains("Tr0ub4dor", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""{"prior_state":{"values":{"root_module":{"resources":[{"address":"a.b","mode":"managed","values":{"k":"state-secret-1"},"sensitive_values":{"k":true}}]}}}}""")]
    [InlineData("""{"prior_state":{"values":{"outputs":{"o":{"sensitive":true,"value":"state-secret-1"}}}}}""")]
    [InlineData("""{"planned_values":{"root_module":{"child_modules":[{"resources":[{"address":"module.m.a.b","values":{"k":["state-secret-1"]},"sensitive_values":{"k":[true]}}]}]}}}""")]
    [InlineData("""{"output_changes":{"o":{"actions":["update"],"before":"state-secret-1","after":"x","before_sensitive":true,"after_sensitive":true}}}""")]
    [InlineData("""{"configuration":{"root_module":{"module_calls":{"m":{"module":{"variables":{"v":{"default":"state-secret-1","sensitive":true}}}}}}}}""")]
    [InlineData("""{"resource_drift":[{"address":"a.c","change":{"actions":["update"],"before":{"k":"state-secret-1"},"before_sensitive":{"k":true}}}]}""")]
    [InlineData("""{"deferred_changes":[{"reason":"unknown","resource_change":{"address":"a.c","change":{"actions":["create"],"after":{"k":"state-secret-1"},"after_sensitive":{"k":true}}}}]}""")]
    public void Secrets_from_every_section_mask_unmarked_copies(string section)
    {
        var unmarked = Change("a.b", """["create"]""", ""","after":{"copy":"state-secret-1"}""");
        var json = """{"format_version":"1.2","resource_changes":[""" + unmarked + "]," + section[1..];

        var plan = Read(json);

        Assert.Equal(PlanValue.Sensitive, plan.Change("a.b").After!.Get("copy"));
        Assert.DoesNotContain(ModelStrings.All(plan), s => s.Contains("state-secret-1", StringComparison.Ordinal));
    }

    [Fact]
    public void An_empty_sensitive_string_masks_nothing_else()
    {
        var plan = Read(PlanWith(Change("a.b", """["update"]""", ""","before":{"pw":"","name":""},"before_sensitive":{"pw":true}""")));

        Assert.Equal(PlanValue.Sensitive, plan.Changes[0].Before!.Get("pw"));
        Assert.Equal(string.Empty, plan.Changes[0].Before!.Get("name")!.AsString());
    }

    [Fact]
    public void Prior_state_depends_on_becomes_edges_and_counts_managed_resources()
    {
        var plan = Read("""
            {"format_version":"1.2","prior_state":{"values":{"root_module":{
              "resources":[
                {"address":"a.db","mode":"managed"},
                {"address":"a.app","mode":"managed","depends_on":["a.db","data.x.y"]},
                {"address":"data.x.y","mode":"data","depends_on":["a.db"]}],
              "child_modules":[{"address":"module.m","resources":[
                {"address":"module.m.a.r[0]","mode":"managed","depends_on":["a.db"]},
                {"address":"module.m.a.r[0]","mode":"managed","deposed_key":"00000001"}]}]}}}}
            """);

        Assert.Equal(3, plan.PriorResourceCount);
        Assert.Equal(["a.app -> a.db", "module.m.a.r[0] -> a.db"], plan.Edges("prior_state.depends_on"));
    }

    [Fact]
    public void Configuration_references_are_qualified_with_the_module_path()
    {
        var plan = Read("""
            {"format_version":"1.2","configuration":{"root_module":{
              "resources":[
                {"address":"aws_instance.app","mode":"managed","type":"aws_instance","name":"app",
                 "expressions":{"subnet":{"references":["module.db.endpoint","module.db"]},"ami":{"references":["data.aws_ami.ubuntu.id","data.aws_ami.ubuntu"]},
                                "tags":{"references":["local.tags","var.env","each.key","count.index","path.module","terraform.workspace"]}}},
                {"address":"aws_lb.front","mode":"managed","type":"aws_lb","name":"front","depends_on":["module.net"],
                 "expressions":{"block":[{"target":{"references":["aws_instance.app[0].id","aws_instance.app[0]","aws_instance.app"]}}]}},
                {"address":"data.aws_ami.ubuntu","mode":"data","type":"aws_ami","name":"ubuntu","expressions":{"owner":{"references":["aws_iam_role.owner.arn"]}}},
                {"address":"aws_iam_role.owner","mode":"managed","type":"aws_iam_role","name":"owner"},
                {"address":"aws_vpc.main","mode":"managed","type":"aws_vpc","name":"main"}],
              "module_calls":{
                "db":{"source":"./db","expressions":{"vpc_id":{"references":["aws_vpc.main.id","aws_vpc.main"]}},
                  "module":{
                    "outputs":{"endpoint":{"expression":{"references":["aws_db_instance.main.endpoint","aws_db_instance.main"]}}},
                    "resources":[
                      {"address":"aws_db_instance.main","mode":"managed","type":"aws_db_instance","name":"main","expressions":{"subnet":{"references":["aws_subnet.r1.id","aws_subnet.r1"]}}},
                      {"address":"aws_subnet.r1","mode":"managed","type":"aws_subnet","name":"r1","expressions":{"vpc_id":{"references":["var.vpc_id"]}}}]}},
                "net":{"source":"./net","count_expression":{"references":["aws_vpc.main"]},"module":{
                    "module_calls":{"inner":{"source":"./inner","module":{"resources":[{"address":"aws_route.r","mode":"managed","type":"aws_route","name":"r"}]}}}}}}}}}
            """);

        Assert.Equal(
            [
                "aws_instance.app -> aws_iam_role.owner",
                "aws_instance.app -> module.db.aws_db_instance.main",
                "aws_lb.front -> aws_instance.app",
                "aws_lb.front -> module.net.module.inner.aws_route.r",
                "module.db.aws_db_instance.main -> module.db.aws_subnet.r1",
                "module.db.aws_subnet.r1 -> aws_vpc.main",
                "module.net.module.inner.aws_route.r -> aws_vpc.main",
            ],
            plan.Edges("configuration"));
    }

    [Fact]
    public void A_reference_to_an_output_the_configuration_does_not_show_depends_on_the_whole_module()
    {
        var plan = Read("""
            {"configuration":{"root_module":{
              "resources":[{"address":"a.app","mode":"managed","expressions":{"x":{"references":["module.m.missing"]}}}],
              "module_calls":{"m":{"module":{"resources":[{"address":"a.one","mode":"managed"},{"address":"data.a.d","mode":"data"}],
                 "module_calls":{"n":{"module":{"resources":[{"address":"a.two","mode":"managed"}]}}}}}}}}}
            """);

        Assert.Equal(["a.app -> module.m.a.one", "a.app -> module.m.module.n.a.two"], plan.Edges("configuration"));
    }

    [Fact]
    public void Configuration_edges_feed_the_blast_radius_for_module_instances()
    {
        var plan = Read("""
            {"format_version":"1.2",
             "resource_changes":[
               {"address":"module.db[0].aws_subnet.r1","mode":"managed","type":"aws_subnet","change":{"actions":["delete","create"]}},
               {"address":"module.db[0].aws_db_instance.main[\"a\"]","mode":"managed","type":"aws_db_instance","change":{"actions":["no-op"]}}],
             "configuration":{"root_module":{"module_calls":{"db":{"count_expression":{"constant_value":1},"module":{"resources":[
               {"address":"aws_db_instance.main","mode":"managed","expressions":{"subnet":{"references":["aws_subnet.r1.id","aws_subnet.r1"]}}},
               {"address":"aws_subnet.r1","mode":"managed"}]}}}}}}
            """);

        var affected = Assert.Single(BlastRadius.Compute(plan).Affected);
        Assert.Equal("module.db[0].aws_db_instance.main[\"a\"]", affected.Address);
        Assert.Equal("configuration", affected.Source);
    }

    [Fact]
    public void Failed_checks_become_messages_with_secrets_removed()
    {
        var plan = Read("""
            {"format_version":"1.2","errored":true,
             "checks":[{"address":{"to_display":"a.b"},"status":"fail","instances":[{"address":{"to_display":"a.b[0]"},"status":"fail","problems":[{"message":"bad value p4ssw0rd-xyz here"}]}]},
                       {"address":{"to_display":"a.c"},"status":"pass","instances":[]}],
             "output_changes":{"o":{"actions":["create"],"after":"p4ssw0rd-xyz","after_sensitive":true}}}
            """);

        var message = Assert.Single(plan.Messages);
        Assert.Equal("a.b[0]", message.Address);
        Assert.Equal("bad value (sensitive) here", message.Message);
        Assert.Equal(new OutputChange("o", ChangeAction.Create, true), Assert.Single(plan.Outputs));
    }

    [Theory]
    [InlineData("""[{"format_version":"1.2"}]""", "the top level is a list, not a JSON object")]
    [InlineData("\"plan\"", "the top level is a string, not a JSON object")]
    [InlineData("{\"format_version\":\"1.2\",\"resource_changes\":[", "is not valid JSON at line 1, column")]
    [InlineData("{\"format_version\":\"1.2\"}\n}", "is not valid JSON at line 2, column")]
    [InlineData("{\"format_version\":\"1.2\"} {\"format_version\":\"1.2\"}", "is not valid JSON at line 1, column")]
    [InlineData("{\"resource_changes\":{}}", "has a `resource_changes` that is an object, not a list")]
    [InlineData("{\"resource_changes\":[{\"change\":{\"actions\":[\"create\"]}}]}", "has a `resource_changes` entry without an address (line 1, column")]
    [InlineData("{\"format_version\":\"one\"}", "has format_version \"one\", which is not a version number")]
    public void Bad_documents_are_refused_with_one_line_naming_the_file(string json, string problem)
    {
        var ex = Assert.Throws<PlanReadException>(() => Read(json));

        Assert.StartsWith("plan.json: ", ex.Message, StringComparison.Ordinal);
        Assert.Contains(problem, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void Nesting_beyond_the_limit_is_refused_naming_the_limit()
    {
        var depth = TerraformPlanReader.MaxDepth + 10;
        var json = """{"format_version":"1.2","resource_changes":[{"address":"a.b","change":{"actions":["create"],"after":""" +
                   new string('[', depth) + new string(']', depth) + "}}]}";

        var ex = Assert.Throws<PlanReadException>(() => Read(json));

        Assert.Contains($"nests deeper than {TerraformPlanReader.MaxDepth} levels", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Nesting_below_the_limit_is_read()
    {
        var depth = TerraformPlanReader.MaxDepth - 10;
        var json = """{"format_version":"1.2","resource_changes":[{"address":"a.b","change":{"actions":["create"],"after":""" +
                   new string('[', depth) + new string(']', depth) + "}}]}";

        Assert.IsType<PlanValue.ListValue>(Assert.Single(Read(json).Changes).After);
    }

    [Fact]
    public void Cancellation_is_honoured()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.Throws<OperationCanceledException>(() =>
            new TerraformPlanReader().Read(new StringReader(PlanWith(Change("a.b", """["create"]"""))), "plan.json", cancelled.Token));
    }
}
