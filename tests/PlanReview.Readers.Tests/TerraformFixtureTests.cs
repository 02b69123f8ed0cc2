using PlanReview.Core.Graph;
using PlanReview.Core.Model;
using PlanReview.Readers.Tests.Support;

namespace PlanReview.Readers.Tests;

/// <summary>The real plans of <c>tests/fixtures/terraform</c> (Terraform 1.11.4, see its README) read as the README says.</summary>
public sealed class TerraformFixtureTests
{
    private const string Secret = "hunter2-SECRET-do-not-leak";

    [Fact]
    public void Create_only_reads_creates_and_configuration_edges()
    {
        var plan = TerraformFixture.Load("create-only");

        Assert.Equal(
            ["terraform_data.dns create", "terraform_data.network create", "terraform_data.server create", "terraform_data.subnet create"],
            plan.Actions());
        Assert.Equal("1.11.4", plan.ToolVersion);
        Assert.Equal("1.2", plan.FormatVersion);
        Assert.True(plan.Complete);
        Assert.False(plan.Errored);
        Assert.Null(plan.PriorResourceCount);
        Assert.Equal([new OutputChange("server", ChangeAction.Create, false)], plan.Outputs.ToArray());
        Assert.Equal(
            [
                "terraform_data.dns -> terraform_data.network",
                "terraform_data.dns -> terraform_data.server",
                "terraform_data.server -> terraform_data.subnet",
                "terraform_data.subnet -> terraform_data.network",
            ],
            plan.Edges("configuration"));
        Assert.All(plan.Changes, c => Assert.Equal(ReplaceOrder.None, c.ReplaceOrder));

        // after_unknown turns "known after apply" into an explicit value instead of a missing key.
        var subnet = plan.Change("terraform_data.subnet");
        Assert.Null(subnet.Before);
        Assert.Equal(PlanValue.Unknown, subnet.After!.Get("input", "network"));
        Assert.Equal(PlanValue.Unknown, subnet.After.Get("id"));
        Assert.Equal("10.0.1.0/24", subnet.After.Get("input", "cidr")!.AsString());
    }

    [Fact]
    public void No_changes_keeps_no_values_and_counts_the_prior_state()
    {
        var plan = TerraformFixture.Load("no-changes");

        Assert.All(plan.Changes, c => Assert.Equal(ChangeAction.NoOp, c.Action));
        Assert.Equal(4, plan.Changes.Length);
        Assert.All(plan.Changes, c => Assert.Null(c.Before));
        Assert.All(plan.Changes, c => Assert.Null(c.After));
        Assert.Equal(4, plan.PriorResourceCount);
        Assert.Contains("terraform_data.server -> terraform_data.network", plan.Edges("prior_state.depends_on"));
        Assert.Equal([new OutputChange("server", ChangeAction.NoOp, false)], plan.Outputs.ToArray());
    }

    [Theory]
    [InlineData("replace-delete-first", ReplaceOrder.DeleteFirst, "delete,create")]
    [InlineData("replace-create-first", ReplaceOrder.CreateFirst, "create,delete")]
    public void Replacement_keeps_its_order_reason_path_and_dependents(string @case, ReplaceOrder order, string raw)
    {
        var plan = TerraformFixture.Load(@case);

        var database = plan.Change("terraform_data.database");
        Assert.Equal(ChangeAction.Replace, database.Action);
        Assert.Equal(order, database.ReplaceOrder);
        Assert.Equal(ObjectFate.Destroyed, database.Fate);
        Assert.Equal(raw, database.RawAction);
        Assert.Equal("replace_because_cannot_update", database.Reason);
        Assert.Equal(["triggers_replace"], database.ReplacePaths.ToArray());
        Assert.Equal("engine-14", database.Before!.Get("triggers_replace", "0")!.AsString());
        Assert.Equal("engine-15", database.After!.Get("triggers_replace", "0")!.AsString());
        Assert.Equal(ChangeAction.Update, plan.Change("terraform_data.app").Action);

        // app by reference, backup_job by depends_on only, app_dns through app; unrelated is not linked.
        Assert.Contains("terraform_data.app -> terraform_data.database", plan.Edges("configuration"));
        Assert.Contains("terraform_data.backup_job -> terraform_data.database", plan.Edges("configuration"));
        Assert.Contains("terraform_data.app_dns -> terraform_data.app", plan.Edges("configuration"));
        Assert.Contains("terraform_data.backup_job -> terraform_data.database", plan.Edges("prior_state.depends_on"));
        var dependents = BlastRadius.Compute(plan).DependentsOf("terraform_data.database").Select(a => a.Address);
        Assert.Equal(["terraform_data.app", "terraform_data.app_dns", "terraform_data.backup_job"], dependents);
    }

    [Fact]
    public void Count_index_deletes_reach_the_resource_that_depends_on_all_instances()
    {
        var plan = TerraformFixture.Load("count-index-deletes");

        Assert.Equal(
            [
                "terraform_data.load_balancer update", "terraform_data.worker[0] noop", "terraform_data.worker[1] noop",
                "terraform_data.worker[2] delete", "terraform_data.worker[3] delete", "terraform_data.worker[4] delete",
            ],
            plan.Actions());
        Assert.All(plan.Changes.Where(c => c.Action == ChangeAction.Delete), c => Assert.Equal("delete_because_count_index", c.Reason));
        Assert.All(plan.Changes.Where(c => c.Action == ChangeAction.Delete), c => Assert.Equal(ObjectFate.Destroyed, c.Fate));

        // The state records the configuration address terraform_data.worker; it stands for every instance.
        Assert.Contains("terraform_data.load_balancer -> terraform_data.worker", plan.Edges("prior_state.depends_on"));
        var radius = BlastRadius.Compute(plan);
        Assert.Equal(["terraform_data.load_balancer"], radius.Affected.Select(a => a.Address));
        Assert.Equal(6, plan.PriorResourceCount);
    }

    [Fact]
    public void Removed_module_deletes_everything_in_it_with_terraforms_reasons()
    {
        var plan = TerraformFixture.Load("removed-module");

        var deletes = plan.Changes.Where(c => c.Action == ChangeAction.Delete).ToArray();
        Assert.Equal(8, deletes.Length);
        Assert.All(deletes.Where(c => c.Address.StartsWith("module.db.", StringComparison.Ordinal)), c => Assert.Equal("delete_because_no_resource_config", c.Reason));
        Assert.All(deletes.Where(c => c.Address.StartsWith("module.legacy_db[0].", StringComparison.Ordinal)), c => Assert.Equal("delete_because_no_module", c.Reason));
        Assert.Equal(4, deletes.Count(c => c.Address.StartsWith("module.legacy_db[0].", StringComparison.Ordinal)));
        Assert.Equal(ChangeAction.NoOp, plan.Change("terraform_data.app").Action);
        Assert.Equal(9, plan.PriorResourceCount);
        Assert.Contains(new OutputChange("db_endpoint", ChangeAction.Delete, false), plan.Outputs.ToArray());

        // The state's depends_on names module.legacy_db (no instance key); it still reaches the instance module.legacy_db[0].
        var dependents = BlastRadius.Compute(plan).DependentsOf("module.legacy_db[0].terraform_data.instance").Select(a => a.Address);
        Assert.Equal(
            ["module.legacy_db[0].module.replica.terraform_data.replica[0]", "module.legacy_db[0].module.replica.terraform_data.replica[1]"],
            dependents);
    }

    [Fact]
    public void Moved_resources_are_never_a_delete_and_a_create()
    {
        var plan = TerraformFixture.Load("moved");

        Assert.DoesNotContain(plan.Changes, c => c.Action is ChangeAction.Delete or ChangeAction.Create or ChangeAction.Replace);
        Assert.Equal("terraform_data.old_name", plan.Change("terraform_data.new_name").PreviousAddress);
        Assert.Equal("terraform_data.legacy_queue", plan.Change("terraform_data.queue").PreviousAddress);
        Assert.Equal(ChangeAction.Update, plan.Change("terraform_data.queue").Action);
        Assert.Equal("terraform_data.single", plan.Change("terraform_data.single[0]").PreviousAddress);
        Assert.Equal("terraform_data.cache", plan.Change("module.cache.terraform_data.cache").PreviousAddress);
        Assert.Equal(4, ChangeSummary.Of(plan).Move);
    }

    [Fact]
    public void Refactor_without_moved_is_a_delete_and_a_create()
    {
        var plan = TerraformFixture.Load("refactor-without-moved");

        Assert.Equal(["terraform_data.app update", "terraform_data.orders_db create", "terraform_data.primary_db delete"], plan.Actions());
        Assert.Null(plan.Change("terraform_data.orders_db").PreviousAddress);
        Assert.Equal("delete_because_no_resource_config", plan.Change("terraform_data.primary_db").Reason);
        Assert.Equal(["terraform_data.app"], BlastRadius.Compute(plan).DependentsOf("terraform_data.primary_db").Select(a => a.Address));
    }

    [Fact]
    public void Removed_with_destroy_false_is_a_forget()
    {
        var plan = TerraformFixture.Load("removed-forget");

        var forgotten = plan.Changes.Where(c => c.Action == ChangeAction.Forget).Select(c => c.Address);
        Assert.Equal(["terraform_data.legacy", "terraform_data.shards[0]", "terraform_data.shards[1]"], forgotten);
        Assert.All(plan.Changes.Where(c => c.Action == ChangeAction.Forget), c =>
        {
            Assert.Equal(ObjectFate.Forgotten, c.Fate);
            Assert.Equal("forget", c.RawAction);
            Assert.Equal("delete_because_no_resource_config", c.Reason);
        });
        Assert.Equal(1, ChangeSummary.Of(plan).NoOp);
        Assert.Empty(BlastRadius.Compute(plan).Destroyed);
    }

    [Theory]
    [InlineData("tainted", "terraform_data.server", "replace_because_tainted")]
    [InlineData("replace-by-request", "terraform_data.server", "replace_by_request")]
    [InlineData("replace-by-request", "terraform_data.workers[1]", "replace_by_request")]
    [InlineData("replace-triggered-by", "terraform_data.service", "replace_by_triggers")]
    [InlineData("replace-triggered-by", "terraform_data.sidecar", "replace_by_triggers")]
    public void Replacement_not_caused_by_an_attribute_has_its_reason_and_no_paths(string @case, string address, string reason)
    {
        var plan = TerraformFixture.Load(@case);

        var change = plan.Change(address);
        Assert.Equal(ChangeAction.Replace, change.Action);
        Assert.Equal(ReplaceOrder.DeleteFirst, change.ReplaceOrder);
        Assert.Equal(reason, change.Reason);
        Assert.Empty(change.ReplacePaths);
    }

    [Fact]
    public void Tainted_and_requested_replacements_reach_their_dependents()
    {
        Assert.Equal(["terraform_data.monitor"], BlastRadius.Compute(TerraformFixture.Load("tainted")).Affected.Select(a => a.Address));
        var byRequest = TerraformFixture.Load("replace-by-request");
        Assert.Equal(ChangeAction.NoOp, byRequest.Change("terraform_data.workers[0]").Action);
        Assert.Equal(["terraform_data.monitor"], BlastRadius.Compute(byRequest).DependentsOf("terraform_data.server").Select(a => a.Address));
        var triggered = TerraformFixture.Load("replace-triggered-by");
        Assert.Equal(ChangeAction.Update, triggered.Change("terraform_data.config").Action);
        Assert.Equal(ChangeAction.NoOp, triggered.Change("terraform_data.unaffected").Action);
    }

    [Fact]
    public void Sensitive_values_secret_is_nowhere_in_the_model()
    {
        Assert.Contains(Secret, File.ReadAllText(TestPaths.TerraformFixture("sensitive-values")), StringComparison.Ordinal);

        var plan = TerraformFixture.Load("sensitive-values");

        var strings = ModelStrings.All(plan);
        Assert.NotEmpty(strings);
        Assert.DoesNotContain(strings, s => s.Contains(Secret, StringComparison.Ordinal) || s.Contains("hunter2", StringComparison.Ordinal));
    }

    [Fact]
    public void Sensitive_values_are_masked_where_marked_and_where_copied()
    {
        var plan = TerraformFixture.Load("sensitive-values");

        var db = plan.Change("terraform_data.db");
        Assert.Equal(ChangeAction.Update, db.Action);
        Assert.Equal(PlanValue.Sensitive, db.Before!.Get("input", "password"));
        Assert.Equal(PlanValue.Sensitive, db.After!.Get("input", "password"));
        Assert.Equal("app_admin", db.After.Get("input", "username")!.AsString());

        // Terraform copies the password into the computed output without marking it.
        Assert.Equal(PlanValue.Sensitive, db.Before.Get("output", "password"));
        Assert.Equal("admin", db.Before.Get("output", "username")!.AsString());

        // nonsensitive() put the secret inside a longer string.
        var leaky = plan.Change("terraform_data.leaky_connection_string");
        Assert.Equal(PlanValue.Sensitive, leaky.Before!.Get("input"));
        Assert.Equal(PlanValue.Sensitive, leaky.After!.Get("input"));

        Assert.Null(plan.Change("terraform_data.password_holder").After);
        Assert.Contains(new OutputChange("db_password", ChangeAction.NoOp, true), plan.Outputs.ToArray());
        Assert.Contains(new OutputChange("debug_password", ChangeAction.NoOp, false), plan.Outputs.ToArray());
    }

    [Fact]
    public void Hostile_keys_are_kept_exactly_as_terraform_wrote_them()
    {
        var plan = TerraformFixture.Load("hostile-keys");

        Assert.Contains(plan.Changes, c => c.Address == "terraform_data.item[\"line1\\nline2\"]" && c.Action == ChangeAction.Delete);
        Assert.Contains(plan.Changes, c => c.Address == "terraform_data.item[\"say \\\"hi\\\" \\\\ bye\"]" && c.Action == ChangeAction.Replace);
        Assert.Contains(plan.Changes, c => c.Address == "terraform_data.item[\"$${jndi:ldap://x} & <b>\"]" && c.Reason == "delete_because_each_key");
        Assert.Contains(plan.Changes, c => c.Address == "module.tenant[\"<script>alert(1)</script>\"].terraform_data.this" && c.Reason == "delete_because_no_module");
        var summary = ChangeSummary.Of(plan);
        Assert.Equal((1, 7, 5, 3), (summary.Create, summary.Delete, summary.Replace, summary.NoOp));
        Assert.Equal(15, plan.PriorResourceCount);
    }

    [Fact]
    public void Mixed_destructive_plan_has_every_kind_of_change()
    {
        var plan = TerraformFixture.Load("mixed-destructive");

        var summary = ChangeSummary.Of(plan);
        Assert.Equal((3, 2, 1, 1, 3), (summary.Create, summary.Update, summary.Delete, summary.Replace, summary.NoOp));
        Assert.Equal(ReplaceOrder.DeleteFirst, plan.Change("terraform_data.database").ReplaceOrder);
        Assert.Contains(new OutputChange("legacy_cron_schedule", ChangeAction.Delete, false), plan.Outputs.ToArray());
        var dependents = BlastRadius.Compute(plan).DependentsOf("terraform_data.database");
        Assert.Equal(["terraform_data.api", "terraform_data.worker"], dependents.Select(a => a.Address));
        Assert.Contains("terraform_data.worker -> terraform_data.database", plan.Edges("prior_state.depends_on"));
        Assert.Contains("terraform_data.api -> terraform_data.database", plan.Edges("configuration"));
    }

    [Fact]
    public void Import_is_orthogonal_to_the_action()
    {
        var plan = TerraformFixture.Load("import");

        var adopted = plan.Change("terraform_data.adopted_with_input");
        Assert.True(adopted.Importing);
        Assert.Equal(ChangeAction.Update, adopted.Action);
        Assert.Equal("import-id-with-input", adopted.Properties["import_id"]);
        Assert.True(plan.Change("terraform_data.fleet[\"blue\"]").Importing);
        Assert.Equal(ChangeAction.NoOp, plan.Change("terraform_data.adopted_plain").Action);
        Assert.False(plan.Change("terraform_data.fresh").Importing);
        Assert.Equal(4, ChangeSummary.Of(plan).Import);
    }

    [Fact]
    public void Plan_error_is_errored_incomplete_and_says_why()
    {
        var plan = TerraformFixture.Load("plan-error");

        Assert.True(plan.Errored);
        Assert.False(plan.Complete);
        Assert.DoesNotContain(plan.Changes, c => c.Address == "terraform_data.app");
        Assert.Equal(["terraform_data.database replace", "terraform_data.gate update"], plan.Actions());
        var message = Assert.Single(plan.Messages);
        Assert.Equal("terraform_data.app", message.Address);
        Assert.Equal("error", message.Severity);
        Assert.Contains("precondition failed on purpose", message.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deposed_object_is_a_separate_row_of_the_same_address()
    {
        var plan = TerraformFixture.Load("deposed");

        Assert.Equal(["terraform_data.server replace", "terraform_data.server (deposed 00000001) delete"], plan.Actions());
        Assert.Equal(ReplaceOrder.CreateFirst, plan.Changes[0].ReplaceOrder);
        Assert.Null(plan.Changes[1].Reason);
        Assert.Equal("00000001", plan.Changes[1].Deposed);

        // The deposed object is a second object of the one resource, not a second resource.
        Assert.Equal(1, plan.PriorResourceCount);
    }

    [Theory]
    [InlineData("state.json", "is a Terraform state, not a plan")]
    [InlineData("binary.tfplan", "is a binary Terraform plan file; run `terraform show -json`")]
    public void Not_a_plan_is_refused(string file, string message)
    {
        var path = Path.Combine(TestPaths.Fixtures, "terraform", "not-a-plan", file);

        var ex = Assert.Throws<PlanReadException>(() => PlanLoader.Default.Load(path));

        Assert.StartsWith($"{path}: {message}", ex.Message, StringComparison.Ordinal);
    }
}

public sealed class TerraformModuleSourceTests
{
    [Fact]
    public void Module_calls_record_their_source_by_module_path_for_source_locations()
    {
        var plan = TerraformFixture.Load("removed-module");

        Assert.Equal(
            [("module.legacy_db", "./modules/db"), ("module.legacy_db.module.replica", "./modules/replica")],
            plan.ModuleSources.Select(p => (p.Key, p.Value)).ToArray());
    }

    [Fact]
    public void A_configuration_without_modules_has_none() =>
        Assert.Empty(TerraformFixture.Load("create-only").ModuleSources);
}
