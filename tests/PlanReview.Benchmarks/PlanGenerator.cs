using System.Globalization;
using System.Text;
using Newtonsoft.Json;

namespace PlanReview.Benchmarks;

/// <summary>
/// Writes a realistic, seeded <c>terraform show -json</c> document of any size, streaming: every
/// section a real plan has (variables, planned_values, resource_drift, resource_changes, output_changes,
/// prior_state with depends_on, configuration with references, relevant_attributes, checks, timestamp,
/// applyable/complete/errored), about 2.8 KB per resource, modelled on tests/fixtures/terraform.
/// </summary>
/// <remarks>
/// Each resource is derived from (seed, index) alone, so every section can regenerate it without
/// keeping the others in memory: 100k resources take the same few megabytes as 1k.
/// The mix: mostly no-op, some updates, a few deletes, replaces and creates, across AWS, Google,
/// Azure, Kubernetes and random providers, in modules nested two deep, with sensitive passwords.
/// </remarks>
public sealed class PlanGenerator
{
    /// <summary>Resources per module group: group 0 is the root module, group g is <c>module.stack_g</c>.</summary>
    private const int GroupSize = 100;

    /// <summary>Resources of a group at or past this offset live in the nested <c>module.stack_g.module.data</c>.</summary>
    private const int NestedFrom = 60;

    private static readonly ResourceKind[] Kinds =
    [
        new("aws_instance", "registry.terraform.io/hashicorp/aws", "web", Stateful: false),
        new("aws_s3_bucket", "registry.terraform.io/hashicorp/aws", "assets", Stateful: true),
        new("aws_db_instance", "registry.terraform.io/hashicorp/aws", "db", Stateful: true),
        new("aws_security_group_rule", "registry.terraform.io/hashicorp/aws", "ingress", Stateful: false),
        new("aws_iam_role", "registry.terraform.io/hashicorp/aws", "role", Stateful: false),
        new("google_compute_instance", "registry.terraform.io/hashicorp/google", "vm", Stateful: false),
        new("azurerm_storage_account", "registry.terraform.io/hashicorp/azurerm", "store", Stateful: true),
        new("kubernetes_config_map", "registry.terraform.io/hashicorp/kubernetes", "config", Stateful: false),
        new("random_id", "registry.terraform.io/hashicorp/random", "suffix", Stateful: false),
    ];

    private readonly int resources;
    private readonly int seed;

    public PlanGenerator(int resources, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(resources);
        this.resources = resources;
        this.seed = seed;
    }

    private enum Act
    {
        NoOp,
        Update,
        Delete,
        Replace,
        Create,
    }

    /// <summary>How many resource changes of each action the document holds (for checks in benchmarks and scripts).</summary>
    public (int NoOp, int Update, int Delete, int Replace, int Create) Counts()
    {
        int noop = 0, update = 0, delete = 0, replace = 0, create = 0;
        for (var i = 0; i < resources; i++)
        {
            switch (Spec(i).Action)
            {
                case Act.NoOp: noop++; break;
                case Act.Update: update++; break;
                case Act.Delete: delete++; break;
                case Act.Replace: replace++; break;
                default: create++; break;
            }
        }

        return (noop, update, delete, replace, create);
    }

    public void WriteTo(string path)
    {
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        WriteTo(file);
    }

    public void WriteTo(Stream stream)
    {
        using var text = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
        using var json = new JsonTextWriter(text) { Formatting = Formatting.None, CloseOutput = false };
        json.WriteStartObject();
        Str(json, "format_version", "1.2");
        Str(json, "terraform_version", "1.11.4");
        WriteVariables(json);
        json.WritePropertyName("planned_values");
        WriteStateValues(json, prior: false);
        WriteDrift(json);
        WriteResourceChanges(json);
        WriteOutputChanges(json);
        json.WritePropertyName("prior_state");
        json.WriteStartObject();
        Str(json, "format_version", "1.0");
        Str(json, "terraform_version", "1.11.4");
        json.WritePropertyName("values");
        WriteStateValues(json, prior: true);
        json.WriteEndObject();
        WriteConfiguration(json);
        WriteRelevantAttributes(json);
        WriteChecks(json);
        Str(json, "timestamp", "2026-01-01T00:00:00Z");
        Bool(json, "applyable", true);
        Bool(json, "complete", true);
        Bool(json, "errored", false);
        json.WriteEndObject();
        json.Flush();
    }

    private int Groups => (resources + GroupSize - 1) / GroupSize;

    private string VariableSecret => $"var-secret-{seed:x8}-do-not-leak";

    private void WriteVariables(JsonWriter json)
    {
        json.WritePropertyName("variables");
        json.WriteStartObject();
        json.WritePropertyName("db_password");
        json.WriteStartObject();
        Str(json, "value", VariableSecret);
        json.WriteEndObject();
        json.WritePropertyName("region");
        json.WriteStartObject();
        Str(json, "value", "eu-west-1");
        json.WriteEndObject();
        json.WriteEndObject();
    }

    /// <summary><c>planned_values</c> (after the plan: no deleted resources) or <c>prior_state.values</c> (before: no created ones).</summary>
    private void WriteStateValues(JsonWriter json, bool prior)
    {
        json.WriteStartObject();
        json.WritePropertyName("outputs");
        json.WriteStartObject();
        for (var g = 0; g < Groups; g++)
        {
            json.WritePropertyName(OutputName(g));
            json.WriteStartObject();
            Bool(json, "sensitive", false);
            Str(json, "type", "string");
            Str(json, "value", OutputValue(g, after: !prior));
            json.WriteEndObject();
        }

        json.WriteEndObject();
        json.WritePropertyName("root_module");
        json.WriteStartObject();
        WriteStateResources(json, 0, 0, GroupSize, prior);
        json.WritePropertyName("child_modules");
        json.WriteStartArray();
        for (var g = 1; g < Groups; g++)
        {
            json.WriteStartObject();
            Str(json, "address", ModulePath(g, nested: false));
            WriteStateResources(json, g, 0, NestedFrom, prior);
            json.WritePropertyName("child_modules");
            json.WriteStartArray();
            json.WriteStartObject();
            Str(json, "address", ModulePath(g, nested: true));
            WriteStateResources(json, g, NestedFrom, GroupSize, prior);
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private void WriteStateResources(JsonWriter json, int group, int from, int to, bool prior)
    {
        json.WritePropertyName("resources");
        json.WriteStartArray();
        foreach (var r in Range(group, from, to))
        {
            if ((prior && r.Action == Act.Create) || (!prior && r.Action == Act.Delete))
            {
                continue;
            }

            json.WriteStartObject();
            WriteIdentity(json, r);
            json.WritePropertyName("schema_version");
            json.WriteValue(r.Kind.Type == "aws_instance" ? 1 : 0);
            var after = !prior;
            json.WritePropertyName("values");
            WriteValues(json, r, after, unknownAsNull: false);
            json.WritePropertyName("sensitive_values");
            WriteSensitive(json, r);
            if (prior && r.DependsOn is { } dependency)
            {
                json.WritePropertyName("depends_on");
                json.WriteStartArray();
                json.WriteValue(Spec(dependency).Address);
                json.WriteEndArray();
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private void WriteDrift(JsonWriter json)
    {
        json.WritePropertyName("resource_drift");
        json.WriteStartArray();
        for (var i = 0; i < resources; i++)
        {
            var r = Spec(i);
            if (!r.Drifted)
            {
                continue;
            }

            json.WriteStartObject();
            WriteIdentity(json, r);
            json.WritePropertyName("change");
            json.WriteStartObject();
            Actions(json, "update");
            json.WritePropertyName("before");
            WriteValues(json, r, after: false, unknownAsNull: false, drifted: true);
            json.WritePropertyName("after");
            WriteValues(json, r, after: false, unknownAsNull: false);
            json.WritePropertyName("after_unknown");
            json.WriteStartObject();
            json.WriteEndObject();
            json.WritePropertyName("before_sensitive");
            WriteSensitive(json, r);
            json.WritePropertyName("after_sensitive");
            WriteSensitive(json, r);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private void WriteResourceChanges(JsonWriter json)
    {
        json.WritePropertyName("resource_changes");
        json.WriteStartArray();
        for (var i = 0; i < resources; i++)
        {
            var r = Spec(i);
            json.WriteStartObject();
            WriteIdentity(json, r);
            json.WritePropertyName("change");
            json.WriteStartObject();
            switch (r.Action)
            {
                case Act.NoOp: Actions(json, "no-op"); break;
                case Act.Update: Actions(json, "update"); break;
                case Act.Delete: Actions(json, "delete"); break;
                case Act.Create: Actions(json, "create"); break;
                default:
                    if (r.CreateFirst)
                    {
                        Actions(json, "create", "delete");
                    }
                    else
                    {
                        Actions(json, "delete", "create");
                    }

                    break;
            }

            json.WritePropertyName("before");
            if (r.Action == Act.Create)
            {
                json.WriteNull();
            }
            else
            {
                WriteValues(json, r, after: false, unknownAsNull: false);
            }

            json.WritePropertyName("after");
            if (r.Action == Act.Delete)
            {
                json.WriteNull();
            }
            else
            {
                WriteValues(json, r, after: true, unknownAsNull: true);
            }

            json.WritePropertyName("after_unknown");
            json.WriteStartObject();
            if (r.Action is Act.Create or Act.Replace)
            {
                Bool(json, "id", true);
                Bool(json, "arn", true);
            }

            json.WriteEndObject();
            json.WritePropertyName("before_sensitive");
            if (r.Action == Act.Create)
            {
                json.WriteValue(false);
            }
            else
            {
                WriteSensitive(json, r);
            }

            json.WritePropertyName("after_sensitive");
            if (r.Action == Act.Delete)
            {
                json.WriteValue(false);
            }
            else
            {
                WriteSensitive(json, r);
            }

            if (r.Action == Act.Replace)
            {
                json.WritePropertyName("replace_paths");
                json.WriteStartArray();
                json.WriteStartArray();
                json.WriteValue("name");
                json.WriteEndArray();
                json.WriteEndArray();
            }

            json.WriteEndObject();
            if (r.Action == Act.Replace)
            {
                Str(json, "action_reason", "replace_because_cannot_update");
            }
            else if (r.Action == Act.Delete)
            {
                Str(json, "action_reason", "delete_because_no_resource_config");
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private void WriteOutputChanges(JsonWriter json)
    {
        json.WritePropertyName("output_changes");
        json.WriteStartObject();
        for (var g = 0; g < Groups; g++)
        {
            var changed = OutputValue(g, after: false) != OutputValue(g, after: true);
            json.WritePropertyName(OutputName(g));
            json.WriteStartObject();
            Actions(json, changed ? "update" : "no-op");
            Str(json, "before", OutputValue(g, after: false));
            Str(json, "after", OutputValue(g, after: true));
            Bool(json, "after_unknown", false);
            Bool(json, "before_sensitive", false);
            Bool(json, "after_sensitive", false);
            json.WriteEndObject();
        }

        json.WriteEndObject();
    }

    private void WriteConfiguration(JsonWriter json)
    {
        json.WritePropertyName("configuration");
        json.WriteStartObject();
        json.WritePropertyName("provider_config");
        json.WriteStartObject();
        foreach (var provider in Kinds.Select(k => k.Provider).Distinct(StringComparer.Ordinal))
        {
            var name = provider[(provider.LastIndexOf('/') + 1)..];
            json.WritePropertyName(name);
            json.WriteStartObject();
            Str(json, "name", name);
            Str(json, "full_name", provider);
            json.WriteEndObject();
        }

        json.WriteEndObject();
        json.WritePropertyName("root_module");
        json.WriteStartObject();
        json.WritePropertyName("outputs");
        json.WriteStartObject();
        for (var g = 0; g < Groups; g++)
        {
            json.WritePropertyName(OutputName(g));
            json.WriteStartObject();
            json.WritePropertyName("expression");
            json.WriteStartObject();
            json.WritePropertyName("references");
            json.WriteStartArray();
            if (g > 0)
            {
                json.WriteValue($"module.stack_{g:D4}.endpoint");
                json.WriteValue($"module.stack_{g:D4}");
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WriteEndObject();
        WriteConfigResources(json, 0, 0, GroupSize);
        json.WritePropertyName("module_calls");
        json.WriteStartObject();
        for (var g = 1; g < Groups; g++)
        {
            json.WritePropertyName($"stack_{g:D4}");
            json.WriteStartObject();
            Str(json, "source", "./modules/stack");
            json.WritePropertyName("expressions");
            json.WriteStartObject();
            json.WritePropertyName("region");
            json.WriteStartObject();
            json.WritePropertyName("references");
            json.WriteStartArray();
            json.WriteValue("var.region");
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();
            json.WritePropertyName("module");
            json.WriteStartObject();
            json.WritePropertyName("outputs");
            json.WriteStartObject();
            json.WritePropertyName("endpoint");
            json.WriteStartObject();
            json.WritePropertyName("expression");
            json.WriteStartObject();
            json.WritePropertyName("references");
            json.WriteStartArray();
            var first = Spec(g * GroupSize);
            json.WriteValue($"{first.Kind.Type}.{first.Name}.id");
            json.WriteValue($"{first.Kind.Type}.{first.Name}");
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndObject();
            WriteConfigResources(json, g, 0, NestedFrom);
            json.WritePropertyName("module_calls");
            json.WriteStartObject();
            json.WritePropertyName("data");
            json.WriteStartObject();
            Str(json, "source", "./modules/data");
            json.WritePropertyName("module");
            json.WriteStartObject();
            WriteConfigResources(json, g, NestedFrom, GroupSize);
            json.WritePropertyName("variables");
            json.WriteStartObject();
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndObject();
            json.WritePropertyName("variables");
            json.WriteStartObject();
            json.WritePropertyName("region");
            json.WriteStartObject();
            Str(json, "description", "The region of the stack");
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WriteEndObject();
        json.WritePropertyName("variables");
        json.WriteStartObject();
        json.WritePropertyName("db_password");
        json.WriteStartObject();
        Bool(json, "sensitive", true);
        json.WriteEndObject();
        json.WritePropertyName("region");
        json.WriteStartObject();
        Str(json, "default", "eu-west-1");
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private void WriteConfigResources(JsonWriter json, int group, int from, int to)
    {
        json.WritePropertyName("resources");
        json.WriteStartArray();
        foreach (var r in Range(group, from, to))
        {
            if (r.Action == Act.Delete)
            {
                // A delete is a resource whose block was removed from the configuration.
                continue;
            }

            json.WriteStartObject();
            Str(json, "address", $"{r.Kind.Type}.{r.Name}");
            Str(json, "mode", "managed");
            Str(json, "type", r.Kind.Type);
            Str(json, "name", r.Name);
            Str(json, "provider_config_key", r.Kind.Provider[(r.Kind.Provider.LastIndexOf('/') + 1)..]);
            json.WritePropertyName("expressions");
            json.WriteStartObject();
            json.WritePropertyName("name");
            json.WriteStartObject();
            Str(json, "constant_value", r.Name);
            json.WriteEndObject();
            if (r.DependsOn is { } dependency)
            {
                var d = Spec(dependency);
                json.WritePropertyName("depends_on_id");
                json.WriteStartObject();
                json.WritePropertyName("references");
                json.WriteStartArray();
                json.WriteValue($"{d.Kind.Type}.{d.Name}.id");
                json.WriteValue($"{d.Kind.Type}.{d.Name}");
                json.WriteEndArray();
                json.WriteEndObject();
            }

            if (r.Kind.Type == "aws_db_instance")
            {
                json.WritePropertyName("password");
                json.WriteStartObject();
                json.WritePropertyName("references");
                json.WriteStartArray();
                json.WriteValue("var.db_password");
                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndObject();
            json.WritePropertyName("schema_version");
            json.WriteValue(0);
            if (r.Count is not null)
            {
                json.WritePropertyName("count_expression");
                json.WriteStartObject();
                json.WritePropertyName("constant_value");
                json.WriteValue(1);
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private void WriteRelevantAttributes(JsonWriter json)
    {
        json.WritePropertyName("relevant_attributes");
        json.WriteStartArray();
        for (var i = 0; i < resources; i++)
        {
            var r = Spec(i);
            if (r.Action == Act.NoOp || r.DependsOn is null)
            {
                continue;
            }

            json.WriteStartObject();
            Str(json, "resource", Spec(r.DependsOn.Value).Address);
            json.WritePropertyName("attribute");
            json.WriteStartArray();
            json.WriteValue("id");
            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static void WriteChecks(JsonWriter json)
    {
        json.WritePropertyName("checks");
        json.WriteStartArray();
        json.WriteStartObject();
        json.WritePropertyName("address");
        json.WriteStartObject();
        Str(json, "kind", "check");
        Str(json, "name", "endpoints_healthy");
        Str(json, "to_display", "check.endpoints_healthy");
        json.WriteEndObject();
        Str(json, "status", "pass");
        json.WritePropertyName("instances");
        json.WriteStartArray();
        json.WriteStartObject();
        json.WritePropertyName("address");
        json.WriteStartObject();
        Str(json, "to_display", "check.endpoints_healthy");
        json.WriteEndObject();
        Str(json, "status", "pass");
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndArray();
    }

    private static void WriteIdentity(JsonWriter json, Resource r)
    {
        Str(json, "address", r.Address);
        if (r.Module.Length > 0)
        {
            Str(json, "module_address", r.Module);
        }

        Str(json, "mode", "managed");
        Str(json, "type", r.Kind.Type);
        Str(json, "name", r.Name);
        if (r.Count is { } index)
        {
            json.WritePropertyName("index");
            json.WriteValue(index);
        }

        Str(json, "provider_name", r.Kind.Provider);
    }

    /// <summary>
    /// The attribute values of one resource: before the change, after it, or (<paramref name="drifted"/>)
    /// as they were recorded before somebody changed them outside Terraform.
    /// </summary>
    private void WriteValues(JsonWriter json, Resource r, bool after, bool unknownAsNull, bool drifted = false)
    {
        var rng = new SplitMix(r.Hash);
        var version = after && r.Action is Act.Update or Act.Replace ? 2 : 1;
        var unknown = unknownAsNull && r.Action is Act.Create or Act.Replace;
        json.WriteStartObject();
        if (!unknown)
        {
            Str(json, "id", $"{r.Kind.Short}-{rng.Hex(17)}");
            Str(json, "arn", $"arn:aws:{r.Kind.Short}:eu-west-1:123456789012:{r.Name}/{rng.Hex(12)}");
        }
        else
        {
            rng.Hex(17);
            rng.Hex(12);
        }

        Str(json, "name", r.Action == Act.Replace && after ? $"{r.Name}-v2" : r.Name);
        switch (r.Kind.Type)
        {
            case "aws_instance":
                Str(json, "ami", $"ami-{rng.Hex(17)}");
                Str(json, "instance_type", version == 2 ? "m6i.large" : "t3.medium");
                Str(json, "subnet_id", $"subnet-{rng.Hex(17)}");
                Str(json, "private_ip", $"10.{rng.Next(256)}.{rng.Next(256)}.{rng.Next(256)}");
                json.WritePropertyName("root_block_device");
                json.WriteStartArray();
                json.WriteStartObject();
                Num(json, "volume_size", 20 + rng.Next(200));
                Str(json, "volume_type", "gp3");
                Bool(json, "encrypted", true);
                Bool(json, "delete_on_termination", true);
                json.WriteEndObject();
                json.WriteEndArray();
                Str(json, "user_data", rng.Hex(40));
                break;
            case "aws_s3_bucket":
                Str(json, "bucket", $"{r.Name}-{rng.Hex(8)}");
                Bool(json, "force_destroy", false);
                Str(json, "bucket_domain_name", $"{r.Name}.s3.amazonaws.com");
                Bool(json, "object_lock_enabled", false);
                Str(json, "hosted_zone_id", "Z1BKCTXD74EZPE");
                Str(json, "request_payer", "BucketOwner");
                break;
            case "aws_db_instance":
                Str(json, "identifier", $"{r.Name}-{rng.Hex(6)}");
                Str(json, "engine", "postgres");
                Str(json, "engine_version", version == 2 ? "16.4" : "15.7");
                Str(json, "instance_class", "db.r6g.large");
                Num(json, "allocated_storage", 100 + rng.Next(900));
                Str(json, "password", $"pw-{rng.Hex(24)}");
                Bool(json, "deletion_protection", true);
                Num(json, "backup_retention_period", 7);
                Bool(json, "storage_encrypted", true);
                break;
            case "aws_security_group_rule":
                Str(json, "type", "ingress");
                Num(json, "from_port", 443);
                Num(json, "to_port", 443);
                Str(json, "protocol", "tcp");
                json.WritePropertyName("cidr_blocks");
                json.WriteStartArray();
                json.WriteValue($"10.{rng.Next(256)}.0.0/16");
                json.WriteValue($"10.{rng.Next(256)}.0.0/16");
                json.WriteEndArray();
                Str(json, "security_group_id", $"sg-{rng.Hex(17)}");
                break;
            case "aws_iam_role":
                Str(json, "assume_role_policy", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"ec2.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}");
                Num(json, "max_session_duration", version == 2 ? 7200 : 3600);
                Str(json, "path", "/");
                Str(json, "unique_id", $"AROA{rng.Hex(17).ToUpperInvariant()}");
                break;
            case "google_compute_instance":
                Str(json, "machine_type", version == 2 ? "e2-standard-4" : "e2-standard-2");
                Str(json, "zone", "europe-west1-b");
                Str(json, "self_link", $"https://www.googleapis.com/compute/v1/projects/demo/zones/europe-west1-b/instances/{r.Name}");
                Bool(json, "can_ip_forward", false);
                Str(json, "cpu_platform", "Intel Cascade Lake");
                break;
            case "azurerm_storage_account":
                Str(json, "resource_group_name", $"rg-{r.Group:D4}");
                Str(json, "location", "westeurope");
                Str(json, "account_tier", "Standard");
                Str(json, "account_replication_type", version == 2 ? "GRS" : "LRS");
                Str(json, "primary_access_key", $"key-{rng.Hex(32)}");
                Str(json, "primary_blob_endpoint", $"https://{r.Name.Replace("_", string.Empty, StringComparison.Ordinal)}.blob.core.windows.net/");
                break;
            case "kubernetes_config_map":
                json.WritePropertyName("data");
                json.WriteStartObject();
                Str(json, "LOG_LEVEL", version == 2 ? "debug" : "info");
                Str(json, "FEATURE_FLAGS", "checkout_v2,search_v3");
                Str(json, "UPSTREAM", $"http://svc-{rng.Hex(6)}.default.svc.cluster.local:8080");
                json.WriteEndObject();
                Bool(json, "immutable", false);
                break;
            default:
                Num(json, "byte_length", 8);
                Str(json, "hex", rng.Hex(16));
                Str(json, "b64_std", rng.Hex(11) + "=");
                Str(json, "b64_url", rng.Hex(11));
                Str(json, "dec", rng.Next(int.MaxValue).ToString(CultureInfo.InvariantCulture));
                break;
        }

        json.WritePropertyName("tags");
        json.WriteStartObject();
        Str(json, "Name", r.Name);
        Str(json, "env", drifted ? "manual-fix" : "production");
        Str(json, "team", Teams[r.Group % Teams.Length]);
        Str(json, "version", version == 2 ? "2" : "1");
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static readonly string[] Teams = ["payments", "search", "platform", "identity", "data"];

    private static void WriteSensitive(JsonWriter json, Resource r)
    {
        json.WriteStartObject();
        switch (r.Kind.Type)
        {
            case "aws_db_instance":
                Bool(json, "password", true);
                break;
            case "azurerm_storage_account":
                Bool(json, "primary_access_key", true);
                break;
            case "aws_instance":
                json.WritePropertyName("root_block_device");
                json.WriteStartArray();
                json.WriteStartObject();
                json.WriteEndObject();
                json.WriteEndArray();
                break;
        }

        json.WritePropertyName("tags");
        json.WriteStartObject();
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private IEnumerable<Resource> Range(int group, int from, int to)
    {
        for (var offset = from; offset < to; offset++)
        {
            var i = (group * GroupSize) + offset;
            if (i >= resources)
            {
                yield break;
            }

            yield return Spec(i);
        }
    }

    private static string ModulePath(int group, bool nested) =>
        group == 0 ? string.Empty : nested ? $"module.stack_{group:D4}.module.data" : $"module.stack_{group:D4}";

    private static string OutputName(int group) => $"stack_{group:D4}_endpoint";

    private string OutputValue(int group, bool after) =>
        after && group % 10 == 3 ? $"https://stack-{group}.v2.example.com" : $"https://stack-{group}.example.com";

    /// <summary>Everything about resource <paramref name="index"/>, from the seed and the index alone.</summary>
    private Resource Spec(int index)
    {
        var hash = SplitMix.Mix(((ulong)(uint)seed << 32) ^ (ulong)index);
        var rng = new SplitMix(hash);
        var group = index / GroupSize;
        var offset = index % GroupSize;
        var module = ModulePath(group, nested: offset >= NestedFrom);
        var kind = Kinds[rng.Next(Kinds.Length)];
        var roll = rng.Next(1000);
        var action = roll switch
        {
            < 880 => Act.NoOp,
            < 950 => Act.Update,
            < 965 => Act.Delete,
            < 975 => Act.Replace,
            _ => Act.Create,
        };
        int? count = rng.Next(8) == 0 ? 0 : null;
        var name = $"{kind.Word}_{index}";
        var address = (module.Length == 0 ? string.Empty : module + ".") + $"{kind.Type}.{name}" + (count is null ? string.Empty : "[0]");

        // A dependency on an earlier resource of the same module, as references within a module are.
        var moduleStart = (group * GroupSize) + (offset >= NestedFrom ? NestedFrom : 0);
        int? dependsOn = index > moduleStart && rng.Next(3) > 0 ? index - 1 - rng.Next(Math.Min(5, index - moduleStart)) : null;
        var drifted = action is Act.NoOp or Act.Update && rng.Next(50) == 0;
        var createFirst = rng.Next(3) == 0;
        return new Resource(index, group, module, kind, name, count, address, action, dependsOn, drifted, createFirst, rng.NextULong());
    }

    private static void Str(JsonWriter json, string name, string? value)
    {
        json.WritePropertyName(name);
        json.WriteValue(value);
    }

    private static void Bool(JsonWriter json, string name, bool value)
    {
        json.WritePropertyName(name);
        json.WriteValue(value);
    }

    private static void Num(JsonWriter json, string name, long value)
    {
        json.WritePropertyName(name);
        json.WriteValue(value);
    }

    private static void Actions(JsonWriter json, params string[] actions)
    {
        json.WritePropertyName("actions");
        json.WriteStartArray();
        foreach (var a in actions)
        {
            json.WriteValue(a);
        }

        json.WriteEndArray();
    }

    private sealed record ResourceKind(string Type, string Provider, string Word, bool Stateful)
    {
        public string Short => Type[(Type.IndexOf('_', StringComparison.Ordinal) + 1)..].Replace("_", string.Empty, StringComparison.Ordinal);
    }

    private sealed record Resource(
        int Index, int Group, string Module, ResourceKind Kind, string Name, int? Count, string Address,
        Act Action, int? DependsOn, bool Drifted, bool CreateFirst, ulong Hash);

    /// <summary>SplitMix64: tiny, fast and the same on every platform and .NET version (System.Random's algorithm is not promised).</summary>
    private struct SplitMix
    {
        private ulong state;

        public SplitMix(ulong seed) => state = seed;

        public static ulong Mix(ulong z)
        {
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }

        public ulong NextULong()
        {
            state += 0x9E3779B97F4A7C15UL;
            return Mix(state);
        }

        public int Next(int bound) => (int)(NextULong() % (ulong)bound);

        public string Hex(int length)
        {
            Span<char> chars = stackalloc char[length];
            for (var i = 0; i < length; i++)
            {
                chars[i] = "0123456789abcdef"[Next(16)];
            }

            return new string(chars);
        }
    }
}
