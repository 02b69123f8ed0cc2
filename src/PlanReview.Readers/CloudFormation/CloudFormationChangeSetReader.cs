using System.Collections.Immutable;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using PlanReview.Core.Model;

namespace PlanReview.Readers.CloudFormation;

/// <summary>
/// Reads the JSON of <c>aws cloudformation describe-change-set</c> (with or without
/// <c>--include-property-values</c>), streaming: one <c>Changes[]</c> entry at a time.
/// </summary>
/// <remarks>
/// <para>Mapping of <c>ResourceChange.Action</c> (see plan-formats.md §2.1):</para>
/// <list type="table">
/// <listheader><term>wire</term><description>model</description></listheader>
/// <item><term><c>Add</c></term><description>Create. <c>Replacement</c> is ignored: with property values AWS writes <c>"True"</c> on many adds.</description></item>
/// <item><term><c>Remove</c></term><description>Delete; fate from <c>PolicyAction</c>.</description></item>
/// <item><term><c>Modify</c> + <c>True</c></term><description>Replace, create first; fate from <c>PolicyAction</c>.</description></item>
/// <item><term><c>Modify</c> + <c>False</c> or absent</term><description>Update.</description></item>
/// <item><term><c>Modify</c> + <c>Conditional</c>/<c>Conditionally</c></term><description>Update with <see cref="ResourceChange.MayReplace"/>: the replacement is decided at apply time.</description></item>
/// <item><term><c>Import</c></term><description>NoOp with <see cref="ResourceChange.Importing"/>: an import adopts an existing object and creates nothing.</description></item>
/// <item><term><c>Dynamic</c></term><description>Unknown (reported by PRV903): CloudFormation itself cannot tell yet.</description></item>
/// <item><term><c>SyncWithActual</c></term><description>NoOp: drift-aware change sets only sync metadata with the real resource.</description></item>
/// <item><term>anything else</term><description>Unknown, never guessed.</description></item>
/// </list>
/// <para>
/// The top-level keys come in any order (the AWS CLI writes <c>Changes</c> before <c>StackName</c>), so
/// changes are kept in a compact form and given their <c>Stack/LogicalId</c> address at the end.
/// Parameter values are never read: a <c>NoEcho</c> value is <c>****</c> at best, and nothing in the
/// model needs the others.
/// </para>
/// </remarks>
public sealed class CloudFormationChangeSetReader : IPlanReader
{
    /// <summary>The part of the StatusReason AWS writes when a change set has nothing to do.</summary>
    private static readonly string[] NoChangesReasons =
    [
        "didn't contain changes",
        "No updates are to be performed",
    ];

    public PlanFormat Format => PlanFormat.CloudFormation;

    public InputKind Kind => InputKind.CloudFormationChangeSet;

    public Plan Read(TextReader text, string source, CancellationToken cancellationToken = default)
    {
        using var reader = PlanJson.CreateReader(text);

        if (!reader.Read() || reader.TokenType != JsonToken.StartObject)
        {
            throw new PlanReadException(source, "is not a CloudFormation change set (expected a JSON object from `aws cloudformation describe-change-set --output json`)");
        }

        var header = new Header();
        var pending = new List<PendingChange>();
        var sawChanges = false;
        while (reader.Read() && reader.TokenType == JsonToken.PropertyName)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var name = (string)reader.Value!;
            reader.Read();
            switch (name)
            {
                case "Changes":
                    sawChanges = true;
                    ReadChanges(reader, source, pending, cancellationToken);
                    break;
                case "StackName": header.StackName = ReadString(reader); break;
                case "StackId": header.StackId = ReadString(reader); break;
                case "ChangeSetId": header.ChangeSetId = ReadString(reader); break;
                case "ChangeSetName": header.ChangeSetName = ReadString(reader); break;
                case "ParentChangeSetId": header.ParentChangeSetId = ReadString(reader); break;
                case "RootChangeSetId": header.RootChangeSetId = ReadString(reader); break;
                case "Status": header.Status = ReadString(reader); break;
                case "StatusReason": header.StatusReason = ReadString(reader); break;
                case "ExecutionStatus": header.ExecutionStatus = ReadString(reader); break;
                case "NextToken": header.NextToken = ReadString(reader); break;
                default:
                    // Parameters included: their values are never read (NoEcho).
                    reader.Skip();
                    break;
            }
        }

        if (reader.TokenType != JsonToken.EndObject)
        {
            throw new PlanReadException(source, "is not a complete JSON object (the change set ends early)");
        }

        if (!sawChanges && header.ChangeSetId is null && header.StackName is null)
        {
            throw new PlanReadException(source, "has neither `Changes` nor `ChangeSetId`: it is not the output of `aws cloudformation describe-change-set`");
        }

        return Build(header, pending, source);
    }

    private static void ReadChanges(JsonTextReader reader, string source, List<PendingChange> pending, CancellationToken cancellationToken)
    {
        if (reader.TokenType == JsonToken.Null)
        {
            return;
        }

        if (reader.TokenType != JsonToken.StartArray)
        {
            throw new PlanReadException(source, "`Changes` is not a list");
        }

        var index = 0;
        while (reader.Read() && reader.TokenType != JsonToken.EndArray)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (reader.TokenType != JsonToken.StartObject)
            {
                throw new PlanReadException(source, $"`Changes[{index}]` is not an object");
            }

            var entry = JObject.Load(reader);
            if (entry["ResourceChange"] is JObject resourceChange)
            {
                pending.Add(Parse(resourceChange, index, source));
            }

            index++;
        }
    }

    private static PendingChange Parse(JObject change, int index, string source)
    {
        var logicalId = Str(change["LogicalResourceId"]);
        if (string.IsNullOrEmpty(logicalId))
        {
            throw new PlanReadException(source, $"`Changes[{index}].ResourceChange` has no LogicalResourceId");
        }

        var action = Str(change["Action"]) ?? string.Empty;
        var replacement = Str(change["Replacement"]);
        var policyAction = Str(change["PolicyAction"]);

        var replacePaths = new List<string>();
        var causes = new List<string>();
        var sources = new SortedSet<string>(StringComparer.Ordinal);
        var seenTargets = new HashSet<string>(StringComparer.Ordinal);
        if (change["Details"] is JArray details)
        {
            foreach (var detail in details.OfType<JObject>())
            {
                var changeSource = Str(detail["ChangeSource"]);
                if (changeSource is not null)
                {
                    sources.Add(changeSource);
                }

                // A Ref/GetAtt detail names the resource this one reads from: "X" or "X.Attribute".
                var causingEntity = Str(detail["CausingEntity"]);
                if (causingEntity is not null && changeSource is "ResourceReference" or "ResourceAttribute")
                {
                    var dot = causingEntity.IndexOf('.', StringComparison.Ordinal);
                    var target = dot < 0 ? causingEntity : causingEntity[..dot];
                    if (target.Length > 0 && !causes.Contains(target, StringComparer.Ordinal))
                    {
                        causes.Add(target);
                    }
                }

                if (detail["Target"] is not JObject targetDefinition)
                {
                    continue;
                }

                // A parameter change gives two details per target (Dynamic DirectModification and
                // Static ParameterReference): one replace path per target.
                var path = TargetPath(targetDefinition);
                if (!seenTargets.Add(path))
                {
                    continue;
                }

                if (Str(targetDefinition["RequiresRecreation"]) is "Always" or "Conditionally")
                {
                    replacePaths.Add(path);
                }
            }
        }

        return new PendingChange(
            logicalId,
            Str(change["ResourceType"]) ?? "unknown",
            action,
            replacement,
            policyAction,
            Str(change["PhysicalResourceId"]),
            Str(change["ChangeSetId"]),
            replacePaths.ToImmutableArray(),
            causes.ToImmutableArray(),
            sources.Count == 0 ? null : string.Join(",", sources),
            CloudFormationValues.FromContext(change["BeforeContext"]),
            CloudFormationValues.FromContext(change["AfterContext"]));
    }

    /// <summary><c>Properties.BucketName</c> when the target names a property, else its JSON pointer, else the attribute.</summary>
    private static string TargetPath(JObject target)
    {
        var attribute = Str(target["Attribute"]) ?? "Properties";
        var name = Str(target["Name"]);
        if (!string.IsNullOrEmpty(name))
        {
            return attribute + "." + name;
        }

        var path = Str(target["Path"]);
        return string.IsNullOrEmpty(path) ? attribute : path;
    }

    private static Plan Build(Header header, List<PendingChange> pending, string source)
    {
        var stack = header.StackName ?? StackNameFromArn(header.StackId) ?? "stack";
        var changes = ImmutableArray.CreateBuilder<ResourceChange>(pending.Count);
        var edges = ImmutableArray.CreateBuilder<DependencyEdge>();
        var seenEdges = new HashSet<(string, string)>();
        foreach (var p in pending)
        {
            var address = stack + "/" + p.LogicalId;
            changes.Add(ToChange(p, address, header));
            foreach (var cause in p.Causes)
            {
                var dependency = stack + "/" + cause;
                if (seenEdges.Add((address, dependency)))
                {
                    edges.Add(new DependencyEdge(address, dependency, "CausingEntity"));
                }
            }
        }

        var messages = ImmutableArray.CreateBuilder<ToolMessage>();
        var errored = false;
        bool? complete = null;
        if (string.Equals(header.Status, "FAILED", StringComparison.Ordinal))
        {
            var reason = header.StatusReason ?? "(no StatusReason)";
            if (pending.Count == 0 && NoChangesReasons.Any(r => reason.Contains(r, StringComparison.OrdinalIgnoreCase)))
            {
                // A change set with no differences ends FAILED: a legitimate "nothing to do", not an error.
                messages.Add(new ToolMessage("info", $"the change set has no changes (CloudFormation status FAILED: {reason})", null));
            }
            else
            {
                errored = true;
                messages.Add(new ToolMessage("error", $"the change set FAILED: {reason}", null));
            }
        }
        else if (header.Status is { } status && (status.EndsWith("_PENDING", StringComparison.Ordinal) || status.EndsWith("_IN_PROGRESS", StringComparison.Ordinal)))
        {
            complete = false;
            messages.Add(new ToolMessage("warning", $"the change set is not ready (status {header.Status}); describe it again once it is CREATE_COMPLETE", null));
        }

        if (!string.IsNullOrEmpty(header.NextToken))
        {
            complete = false;
            messages.Add(new ToolMessage("warning", "`Changes` is one page of several (NextToken is set); describe the change set without --max-items so the AWS CLI returns every page", null));
        }

        if (header.ExecutionStatus is "EXECUTE_COMPLETE" or "EXECUTE_FAILED" or "OBSOLETE")
        {
            messages.Add(new ToolMessage("warning", $"the change set can no longer be executed (ExecutionStatus {header.ExecutionStatus}); it may not describe what the next deployment will do", null));
        }

        return new Plan
        {
            Source = source,
            Format = PlanFormat.CloudFormation,
            ToolVersion = null,
            FormatVersion = null,
            Changes = changes.ToImmutable(),
            Dependencies = edges.ToImmutable(),
            Messages = messages.ToImmutable(),
            Errored = errored,
            Complete = complete,
            Stack = stack,
        };
    }

    private static ResourceChange ToChange(PendingChange p, string address, Header header)
    {
        var replacement = p.Replacement;
        var (action, order, mayReplace, importing) = p.Action switch
        {
            "Add" => (ChangeAction.Create, ReplaceOrder.None, false, false),
            "Remove" => (ChangeAction.Delete, ReplaceOrder.None, false, false),

            // CloudFormation creates the new physical resource, updates dependents to it, and deletes
            // the old one in the UPDATE_COMPLETE_CLEANUP_IN_PROGRESS phase (AWS user guide,
            // "Update behaviors of stack resources": "Replacement ... creates a new resource ...
            // and then deletes the old resource").
            "Modify" when replacement is "True" => (ChangeAction.Replace, ReplaceOrder.CreateFirst, false, false),
            "Modify" when replacement is "Conditional" or "Conditionally" => (ChangeAction.Update, ReplaceOrder.None, true, false),
            "Modify" => (ChangeAction.Update, ReplaceOrder.None, false, false),
            "Import" => (ChangeAction.NoOp, ReplaceOrder.None, false, true),
            "SyncWithActual" => (ChangeAction.NoOp, ReplaceOrder.None, false, false),
            _ => (ChangeAction.Unknown, ReplaceOrder.None, false, false),
        };

        var fate = action is ChangeAction.Delete or ChangeAction.Replace ? FateOf(p.PolicyAction) : ObjectFate.None;
        var rawAction = p.Action == "Modify" && replacement is not null ? $"Modify/{replacement}" : p.Action;

        var properties = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        properties["logicalResourceId"] = p.LogicalId;
        AddIfPresent(properties, "policyAction", p.PolicyAction);
        AddIfPresent(properties, "physicalResourceId", p.PhysicalResourceId);
        AddIfPresent(properties, "changeSources", p.ChangeSources);
        AddIfPresent(properties, "nestedChangeSetId", p.NestedChangeSetId);

        // Kept on every change so that CloudFormationNesting can place a child change set under its parent.
        AddIfPresent(properties, "changeSetId", header.ChangeSetId);
        AddIfPresent(properties, "parentChangeSetId", header.ParentChangeSetId);
        AddIfPresent(properties, "stackId", header.StackId);
        if (p.Action == "Add" && replacement is not null)
        {
            properties["replacementIgnored"] = replacement;
        }

        return new ResourceChange
        {
            Address = address,
            Type = p.ResourceType,
            Provider = "aws",
            Action = action,
            ReplaceOrder = order,
            Fate = fate,
            RawAction = rawAction,
            ReplacePaths = action == ChangeAction.Replace || mayReplace ? p.ReplacePaths : [],
            Importing = importing,
            MayReplace = mayReplace,
            Before = p.Before,
            After = p.After,
            Properties = properties.ToImmutable(),
        };
    }

    /// <summary>Absence is not "retained": older change sets simply lack PolicyAction, and the default is to delete.</summary>
    private static ObjectFate FateOf(string? policyAction) => policyAction switch
    {
        "Retain" or "ReplaceAndRetain" => ObjectFate.Retained,
        "Snapshot" or "ReplaceAndSnapshot" => ObjectFate.Snapshotted,
        _ => ObjectFate.Destroyed,
    };

    private static void AddIfPresent(ImmutableSortedDictionary<string, string>.Builder properties, string key, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            properties[key] = value;
        }
    }

    /// <summary><c>arn:aws:cloudformation:region:account:stack/NAME/uuid</c> → NAME.</summary>
    private static string? StackNameFromArn(string? arn)
    {
        if (arn is null)
        {
            return null;
        }

        var marker = arn.IndexOf(":stack/", StringComparison.Ordinal);
        if (marker < 0)
        {
            return null;
        }

        var rest = arn[(marker + ":stack/".Length)..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? rest : rest[..slash];
    }

    private static string? ReadString(JsonTextReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonToken.String:
                return (string)reader.Value!;
            case JsonToken.Null:
                return null;
            case JsonToken.StartObject or JsonToken.StartArray:
                reader.Skip();
                return null;
            default:
                return Convert.ToString(reader.Value, System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    private static string? Str(JToken? token) => token is JValue { Type: JTokenType.String } v ? (string?)v : null;

    private sealed class Header
    {
        public string? StackName { get; set; }

        public string? StackId { get; set; }

        public string? ChangeSetId { get; set; }

        public string? ChangeSetName { get; set; }

        public string? ParentChangeSetId { get; set; }

        public string? RootChangeSetId { get; set; }

        public string? Status { get; set; }

        public string? StatusReason { get; set; }

        public string? ExecutionStatus { get; set; }

        public string? NextToken { get; set; }
    }

    /// <summary>One change as read, before the stack name (which may come later in the document) is known.</summary>
    private sealed record PendingChange(
        string LogicalId,
        string ResourceType,
        string Action,
        string? Replacement,
        string? PolicyAction,
        string? PhysicalResourceId,
        string? NestedChangeSetId,
        ImmutableArray<string> ReplacePaths,
        ImmutableArray<string> Causes,
        string? ChangeSources,
        PlanValue? Before,
        PlanValue? After);
}
