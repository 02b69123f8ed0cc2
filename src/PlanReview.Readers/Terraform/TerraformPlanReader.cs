using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Newtonsoft.Json;
using PlanReview.Core.Model;

namespace PlanReview.Readers.Terraform;

/// <summary>
/// Reads <c>terraform show -json</c> output (format 0.1 to 1.x, OpenTofu, and the HCP Terraform
/// redacted envelope) in one forward pass: only one resource entry is in memory as a tree at a time.
/// Sections may come in any order; everything that depends on the whole document (secrets found late,
/// which variables are sensitive) is settled after the last token.
/// </summary>
public sealed partial class TerraformPlanReader : IPlanReader
{
    /// <summary>The highest major <c>format_version</c> read; Terraform promises only additive changes within a major version.</summary>
    public const int SupportedMajorVersion = 1;

    public PlanFormat Format => PlanFormat.Terraform;

    public InputKind Kind => InputKind.TerraformPlan;

    public Plan Read(TextReader text, string source, CancellationToken cancellationToken = default)
    {
        using var reader = JsonStream.Open(text);
        try
        {
            return new Session(reader, source, cancellationToken).Run();
        }
        catch (JsonReaderException ex)
        {
            throw new PlanReadException(source, Describe(ex), ex);
        }
    }

    /// <summary>One line, with the position, without Newtonsoft's trailing "Path …, line …, position …".</summary>
    private static string Describe(JsonReaderException ex)
    {
        var message = TrailingPosition().Replace(ex.Message, string.Empty).ReplaceLineEndings(" ").Trim();
        var where = ex.LineNumber > 0 ? $" at line {ex.LineNumber}, column {ex.LinePosition}" : string.Empty;
        if (message.Contains("MaxDepth", StringComparison.Ordinal))
        {
            return $"nests deeper than {JsonStream.MaxDepth} levels{where} (the limit that protects the reader from hostile input; real plans stay far below it)";
        }

        return $"is not valid JSON{where}: {message}";
    }

    [GeneratedRegex(@"\s*Path '.*', line \d+, position \d+\.\s*$", RegexOptions.Singleline)]
    private static partial Regex TrailingPosition();

    /// <summary>The state of one read. Nothing here outlives <see cref="Run"/>.</summary>
    private sealed class Session
    {
        private readonly JsonTextReader reader;
        private readonly string source;
        private readonly CancellationToken cancellationToken;
        private readonly StringPool pool = new();
        private readonly SecretSet secrets = new();
        private readonly TerraformConfiguration configuration = new();
        private readonly List<ResourceChange> changes = [];
        private readonly List<ResourceChange> drift = [];
        private readonly List<OutputChange> outputs = [];
        private readonly List<DependencyEdge> stateEdges = [];
        private readonly List<ToolMessage> messages = [];
        private readonly Dictionary<string, PlanValue> variableValues = new(StringComparer.Ordinal);
        private readonly HashSet<string> priorManaged = new(StringComparer.Ordinal);

        // Reused for every entry: values read only for their secrets are taped, not built (see ValueTape).
        private readonly ValueTape beforeTape = new();
        private readonly ValueTape afterTape = new();
        private readonly ValueTape stateTape = new();
        private string? formatVersion;
        private string? toolVersion;
        private bool errored;
        private bool? complete;
        private bool sawPriorState;

        public Session(JsonTextReader reader, string source, CancellationToken cancellationToken)
        {
            this.reader = reader;
            this.source = source;
            this.cancellationToken = cancellationToken;
        }

        public Plan Run()
        {
            if (!JsonStream.Next(reader))
            {
                throw new PlanReadException(source, "is empty; expected the output of `terraform show -json PLANFILE`");
            }

            if (reader.TokenType != JsonToken.StartObject)
            {
                throw new PlanReadException(source, $"is not a Terraform plan: the top level is {Describe(reader.TokenType)}, not a JSON object");
            }

            JsonStream.ForEachProperty(reader, ReadTopLevel);

            // Reading past the end catches a second value or stray characters after the plan.
            while (reader.Read())
            {
            }

            return Finish();
        }

        private void ReadTopLevel(string name)
        {
            cancellationToken.ThrowIfCancellationRequested();
            switch (name)
            {
                case "format_version" or "plan_format_version":
                    var version = JsonStream.ReadString(reader);
                    CheckFormatVersion(name, version);
                    formatVersion ??= version;
                    break;
                case "terraform_version":
                    toolVersion = JsonStream.ReadString(reader);
                    break;
                case "errored":
                    errored = JsonStream.ReadBool(reader) ?? false;
                    break;
                case "complete":
                    complete = JsonStream.ReadBool(reader);
                    break;
                case "variables":
                    JsonStream.ForEachProperty(reader, ReadVariable);
                    break;
                case "resource_changes":
                    RequireArray(name);
                    JsonStream.ForEachItem(reader, () => changes.Add(ReadResourceChange(name)));
                    break;
                case "resource_drift":
                    RequireArray(name);
                    JsonStream.ForEachItem(reader, () => drift.Add(ReadResourceChange(name)));
                    break;
                case "deferred_changes":
                    // Not part of this apply; read only for the secrets they may carry.
                    JsonStream.ForEachItem(reader, () => JsonStream.ForEachProperty(reader, key =>
                    {
                        if (key == "resource_change")
                        {
                            ReadResourceChange(name);
                        }
                        else
                        {
                            reader.Skip();
                        }
                    }));
                    break;
                case "output_changes":
                    JsonStream.ForEachProperty(reader, ReadOutputChange);
                    break;
                case "prior_state":
                    sawPriorState = true;
                    JsonStream.ForEachProperty(reader, key =>
                    {
                        if (key == "values")
                        {
                            ReadStateValues(prior: true);
                        }
                        else
                        {
                            reader.Skip();
                        }
                    });
                    break;
                case "planned_values":
                    ReadStateValues(prior: false);
                    break;
                case "configuration":
                    configuration.Read(reader, secrets, pool);
                    break;
                case "checks":
                    JsonStream.ForEachItem(reader, ReadCheck);
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        private void CheckFormatVersion(string name, string? version)
        {
            if (version is null)
            {
                return;
            }

            var dot = version.IndexOf('.', StringComparison.Ordinal);
            var majorText = dot < 0 ? version : version[..dot];
            if (!int.TryParse(majorText, NumberStyles.None, CultureInfo.InvariantCulture, out var major))
            {
                throw new PlanReadException(source, $"has {name} \"{version}\", which is not a version number; expected 0.x or 1.x");
            }

            if (major > SupportedMajorVersion)
            {
                throw new PlanReadException(source, $"has {name} {version}, which this version of PlanReview cannot read (it reads 0.x and 1.x); upgrade PlanReview");
            }
        }

        private void RequireArray(string section)
        {
            if (reader.TokenType is not (JsonToken.StartArray or JsonToken.Null))
            {
                throw new PlanReadException(source, $"has a `{section}` that is {Describe(reader.TokenType)}, not a list{Position()}");
            }
        }

        private string Position() => $" (line {reader.LineNumber}, column {reader.LinePosition})";

        private void ReadVariable(string name)
        {
            JsonStream.ForEachProperty(reader, key =>
            {
                if (key == "value")
                {
                    variableValues[name] = JsonStream.ReadValue(reader, pool);
                }
                else
                {
                    reader.Skip();
                }
            });
        }

        private ResourceChange ReadResourceChange(string section)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var line = reader.LineNumber;
            var column = reader.LinePosition;
            var entry = new RawEntry { UseTapes = true };
            beforeTape.Clear();
            afterTape.Clear();
            if (!JsonStream.ForEachProperty(reader, key => ReadEntryProperty(entry, key)))
            {
                throw new PlanReadException(source, $"has a `{section}` entry that is not an object (line {line}, column {column})");
            }

            if (entry.Address is null)
            {
                throw new PlanReadException(source, $"has a `{section}` entry without an address (line {line}, column {column})");
            }

            return Build(entry);
        }

        private void ReadEntryProperty(RawEntry entry, string key)
        {
            switch (key)
            {
                case "address":
                    entry.Address = JsonStream.ReadString(reader);
                    break;
                case "previous_address":
                    entry.PreviousAddress = JsonStream.ReadString(reader);
                    break;
                case "mode":
                    entry.Mode = JsonStream.ReadString(reader);
                    break;
                case "type":
                    entry.Type = pool.GetOrNull(JsonStream.ReadString(reader));
                    break;
                case "provider_name":
                    entry.Provider = pool.GetOrNull(JsonStream.ReadString(reader));
                    break;
                case "deposed":
                    entry.Deposed = JsonStream.ReadString(reader);
                    break;
                case "action_reason":
                    entry.Reason = pool.GetOrNull(JsonStream.ReadString(reader));
                    break;
                case "change":
                    JsonStream.ForEachProperty(reader, changeKey => ReadChangeProperty(entry, changeKey));
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        private void ReadChangeProperty(RawEntry entry, string key)
        {
            switch (key)
            {
                case "actions":
                    entry.Actions = JsonStream.ReadStrings(reader);
                    break;
                case "before" when IsTapedNoOp(entry):
                    entry.Before = null;
                    beforeTape.Record(reader);
                    break;
                case "after" when IsTapedNoOp(entry):
                    entry.After = null;
                    afterTape.Record(reader);
                    break;
                case "before":
                    beforeTape.Clear();
                    entry.Before = ReadOptionalValue();
                    break;
                case "after":
                    afterTape.Clear();
                    entry.After = ReadOptionalValue();
                    break;
                case "before_sensitive":
                    entry.BeforeSensitive = JsonStream.ReadValue(reader, pool);
                    break;
                case "after_sensitive":
                    entry.AfterSensitive = JsonStream.ReadValue(reader, pool);
                    break;
                case "after_unknown":
                    entry.AfterUnknown = JsonStream.ReadValue(reader, pool);
                    break;
                case "replace_paths":
                    JsonStream.ForEachItem(reader, () => entry.ReplacePaths.Add(JsonStream.ReadValue(reader, pool)));
                    break;
                case "importing":
                    if (reader.TokenType == JsonToken.Null)
                    {
                        break;
                    }

                    entry.Importing = true;
                    if (reader.TokenType == JsonToken.StartObject)
                    {
                        JsonStream.ForEachProperty(reader, importKey =>
                        {
                            if (importKey == "id")
                            {
                                entry.ImportId = JsonStream.ReadString(reader);
                            }
                            else
                            {
                                reader.Skip();
                            }
                        });
                    }
                    else
                    {
                        reader.Skip();
                    }

                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        /// <summary>
        /// A no-op's values are not kept, only the secrets their masks point at: tape them when the
        /// actions came first (Terraform writes them first). Null stays "absent", as below.
        /// </summary>
        private bool IsTapedNoOp(RawEntry entry) =>
            entry.UseTapes && reader.TokenType != JsonToken.Null && entry.Actions is { } actions && TerraformActions.Normalise(actions).Action == ChangeAction.NoOp;

        /// <summary>
        /// Settles taped values once the whole entry is read: a no-op gives up only its secrets; anything
        /// else (a hostile document may repeat <c>actions</c>) gets the trees it would have had.
        /// </summary>
        private void SettleTapes(RawEntry entry, ChangeAction action)
        {
            if (action == ChangeAction.NoOp)
            {
                beforeTape.CollectSecrets(entry.BeforeSensitive, secrets);
                afterTape.CollectSecrets(entry.AfterSensitive, secrets);
            }
            else
            {
                entry.Before = beforeTape.ToValue(pool) ?? entry.Before;
                entry.After = afterTape.ToValue(pool) ?? entry.After;
            }

            beforeTape.Clear();
            afterTape.Clear();
        }

        /// <summary>JSON null (no object: before a create, after a delete) is kept as "absent".</summary>
        private PlanValue? ReadOptionalValue() =>
            reader.TokenType == JsonToken.Null ? null : JsonStream.ReadValue(reader, pool);

        private ResourceChange Build(RawEntry entry)
        {
            var actions = entry.Actions ?? [];
            var normalised = TerraformActions.Normalise(actions);
            SettleTapes(entry, normalised.Action);

            // Masks first: they record the secrets even for the values that are not kept.
            var before = entry.Before is null ? null : secrets.ApplyMask(entry.Before, entry.BeforeSensitive);
            var after = entry.After;
            if (entry.AfterUnknown is not null && (after is not null || entry.AfterUnknown is PlanValue.BoolValue { Value: true }))
            {
                after = SecretSet.ApplyUnknown(after, entry.AfterUnknown);
            }

            after = after is null ? null : secrets.ApplyMask(after, entry.AfterSensitive);
            var keepValues = normalised.Action != ChangeAction.NoOp;

            var properties = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
            if (entry.ImportId is not null)
            {
                properties["import_id"] = entry.ImportId;
            }

            return new ResourceChange
            {
                Address = entry.Address!,
                PreviousAddress = entry.PreviousAddress,
                Type = entry.Type ?? string.Empty,
                Provider = entry.Provider,
                Mode = entry.Mode == "data" ? ResourceMode.Data : ResourceMode.Managed,
                Action = normalised.Action,
                ReplaceOrder = normalised.Order,
                Fate = normalised.Fate,
                RawAction = pool.Get(TerraformActions.Raw(actions)),
                Reason = entry.Reason,
                ReplacePaths = entry.ReplacePaths.Select(RenderPath).ToImmutableArray(),
                Importing = entry.Importing,
                Deposed = entry.Deposed,
                Before = keepValues ? before : null,
                After = keepValues ? after : null,
                Properties = properties.ToImmutable(),
            };
        }

        private void ReadOutputChange(string name)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var entry = new RawEntry();
            JsonStream.ForEachProperty(reader, key => ReadChangeProperty(entry, key));
            if (entry.Before is not null)
            {
                secrets.ApplyMask(entry.Before, entry.BeforeSensitive);
            }

            if (entry.After is not null)
            {
                secrets.ApplyMask(entry.After, entry.AfterSensitive);
            }

            var sensitive = SecretSet.AnySensitive(entry.BeforeSensitive) || SecretSet.AnySensitive(entry.AfterSensitive);
            outputs.Add(new OutputChange(name, TerraformActions.Normalise(entry.Actions ?? []).Action, sensitive));
        }

        /// <summary>Reads <c>prior_state.values</c> or <c>planned_values</c>: <c>outputs</c> and <c>root_module</c>.</summary>
        private void ReadStateValues(bool prior)
        {
            JsonStream.ForEachProperty(reader, key =>
            {
                switch (key)
                {
                    case "outputs":
                        JsonStream.ForEachProperty(reader, _ => ReadStateOutput());
                        break;
                    case "root_module":
                        ReadStateModule(prior);
                        break;
                    default:
                        reader.Skip();
                        break;
                }
            });
        }

        private void ReadStateOutput()
        {
            var sensitive = false;
            PlanValue? value = null;
            JsonStream.ForEachProperty(reader, key =>
            {
                switch (key)
                {
                    case "sensitive":
                        sensitive = JsonStream.ReadBool(reader) ?? false;
                        break;
                    case "value":
                        value = JsonStream.ReadValue(reader, pool);
                        break;
                    default:
                        reader.Skip();
                        break;
                }
            });

            if (sensitive && value is not null)
            {
                secrets.AddAll(value);
            }
        }

        private void ReadStateModule(bool prior)
        {
            JsonStream.ForEachProperty(reader, key =>
            {
                switch (key)
                {
                    case "resources":
                        JsonStream.ForEachItem(reader, () => ReadStateResource(prior));
                        break;
                    case "child_modules":
                        JsonStream.ForEachItem(reader, () => ReadStateModule(prior));
                        break;
                    default:
                        reader.Skip();
                        break;
                }
            });
        }

        private void ReadStateResource(bool prior)
        {
            cancellationToken.ThrowIfCancellationRequested();
            string? address = null, mode = null, deposedKey = null;
            PlanValue? values = null, sensitiveValues = null;
            List<string>? dependsOn = null;
            JsonStream.ForEachProperty(reader, key =>
            {
                switch (key)
                {
                    case "address":
                        address = JsonStream.ReadString(reader);
                        break;
                    case "mode":
                        mode = JsonStream.ReadString(reader);
                        break;
                    case "deposed_key":
                        deposedKey = JsonStream.ReadString(reader);
                        break;
                    case "values":
                        // Only the secrets its mask points at are wanted from a state value.
                        stateTape.Record(reader);
                        values = PlanValue.Null;
                        break;
                    case "sensitive_values":
                        sensitiveValues = JsonStream.ReadValue(reader, pool);
                        break;
                    case "depends_on" when prior:
                        dependsOn = JsonStream.ReadStrings(reader);
                        break;
                    default:
                        reader.Skip();
                        break;
                }
            });

            if (values is not null && sensitiveValues is not null)
            {
                stateTape.CollectSecrets(sensitiveValues, secrets);
            }

            stateTape.Clear();

            if (!prior || address is null || mode == "data" || TerraformConfiguration.IsDataAddress(address))
            {
                return;
            }

            // A deposed object is a second object of the same resource instance, not another resource.
            if (deposedKey is null)
            {
                priorManaged.Add(address);
            }

            // Terraform records data sources' own dependencies on the managed resources behind them,
            // so edges to data sources add nothing for the blast radius.
            foreach (var dependency in dependsOn ?? [])
            {
                if (!TerraformConfiguration.IsDataAddress(dependency))
                {
                    stateEdges.Add(new DependencyEdge(pool.Get(address), pool.Get(dependency), "prior_state.depends_on"));
                }
            }
        }

        private void ReadCheck()
        {
            string? status = null, display = null;
            var problems = new List<(string? Address, string Message)>();
            JsonStream.ForEachProperty(reader, key =>
            {
                switch (key)
                {
                    case "status":
                        status = JsonStream.ReadString(reader);
                        break;
                    case "address":
                        display = ReadDisplayAddress();
                        break;
                    case "instances":
                        JsonStream.ForEachItem(reader, () => ReadCheckInstance(problems));
                        break;
                    default:
                        reader.Skip();
                        break;
                }
            });

            if (status is "fail" or "error")
            {
                foreach (var (address, message) in problems)
                {
                    messages.Add(new ToolMessage("error", message, address ?? display));
                }
            }
        }

        private void ReadCheckInstance(List<(string? Address, string Message)> problems)
        {
            string? display = null;
            var found = new List<string>();
            JsonStream.ForEachProperty(reader, key =>
            {
                switch (key)
                {
                    case "address":
                        display = ReadDisplayAddress();
                        break;
                    case "problems":
                        JsonStream.ForEachItem(reader, () => JsonStream.ForEachProperty(reader, problemKey =>
                        {
                            if (problemKey == "message" && JsonStream.ReadString(reader) is { } message)
                            {
                                found.Add(message);
                            }
                            else if (problemKey != "message")
                            {
                                reader.Skip();
                            }
                        }));
                        break;
                    default:
                        reader.Skip();
                        break;
                }
            });
            problems.AddRange(found.Select(m => (display, m)));
        }

        private string? ReadDisplayAddress()
        {
            string? display = null;
            JsonStream.ForEachProperty(reader, key =>
            {
                if (key == "to_display")
                {
                    display = JsonStream.ReadString(reader);
                }
                else
                {
                    reader.Skip();
                }
            });
            return display;
        }

        private Plan Finish()
        {
            foreach (var name in configuration.SensitiveRootVariables)
            {
                if (variableValues.TryGetValue(name, out var value))
                {
                    secrets.AddAll(value);
                }
            }

            var edges = stateEdges
                .Concat(configuration.Edges())
                .Distinct()
                .OrderBy(e => e.Dependent, StringComparer.Ordinal)
                .ThenBy(e => e.Dependency, StringComparer.Ordinal)
                .ThenBy(e => e.Source, StringComparer.Ordinal)
                .ToImmutableArray();

            return new Plan
            {
                Source = source,
                Format = PlanFormat.Terraform,
                ToolVersion = toolVersion,
                FormatVersion = formatVersion,
                Changes = changes.Select(Redact).ToImmutableArray(),
                Drift = drift.Select(Redact).ToImmutableArray(),
                Outputs = outputs.ToImmutableArray(),
                Dependencies = edges,
                ModuleSources = configuration.ModuleSources,
                Messages = messages.Select(m => m with { Message = secrets.RedactText(m.Message) }).ToImmutableArray(),
                Errored = errored,
                Complete = complete,
                PriorResourceCount = sawPriorState ? priorManaged.Count : null,
            };
        }

        /// <summary>The second masking pass: strings that equal or contain a secret found anywhere in the document.</summary>
        private ResourceChange Redact(ResourceChange change)
        {
            if (secrets.IsEmpty)
            {
                return change;
            }

            var before = change.Before is null ? null : secrets.Redact(change.Before);
            var after = change.After is null ? null : secrets.Redact(change.After);
            var paths = change.ReplacePaths.Any(secrets.Matches)
                ? change.ReplacePaths.Select(p => secrets.RedactText(p)).ToImmutableArray()
                : change.ReplacePaths;
            var properties = change.Properties.Any(p => secrets.Matches(p.Value))
                ? change.Properties.ToImmutableSortedDictionary(p => p.Key, p => secrets.Matches(p.Value) ? PlanValue.Sensitive.ToString() : p.Value, StringComparer.Ordinal)
                : change.Properties;
            if (ReferenceEquals(before, change.Before) && ReferenceEquals(after, change.After) && paths == change.ReplacePaths && properties == change.Properties)
            {
                return change;
            }

            return change with { Before = before, After = after, ReplacePaths = paths, Properties = properties };
        }

        private static string Describe(JsonToken token) => token switch
        {
            JsonToken.StartArray => "a list",
            JsonToken.String => "a string",
            JsonToken.Integer or JsonToken.Float => "a number",
            JsonToken.Boolean => "a boolean",
            JsonToken.Null => "null",
            _ => token.ToString(),
        };

        /// <summary>Renders a replace path (<c>["a", "b", 0]</c>) as <c>a.b[0]</c>; keys that are not identifiers as <c>["k"]</c>.</summary>
        private static string RenderPath(PlanValue path)
        {
            if (path is not PlanValue.ListValue steps)
            {
                return path.ToString() ?? string.Empty;
            }

            var text = new StringBuilder();
            foreach (var step in steps.Items)
            {
                switch (step)
                {
                    case PlanValue.NumberValue n:
                        text.Append('[').Append(n.Raw).Append(']');
                        break;
                    case PlanValue.StringValue { Value: var key } when IsIdentifier(key):
                        if (text.Length > 0)
                        {
                            text.Append('.');
                        }

                        text.Append(key);
                        break;
                    case PlanValue.StringValue { Value: var key }:
                        text.Append('[').Append(JsonConvert.ToString(key)).Append(']');
                        break;
                    default:
                        text.Append('[').Append(step).Append(']');
                        break;
                }
            }

            return text.ToString();
        }

        private static bool IsIdentifier(string key) =>
            key.Length > 0 && (char.IsAsciiLetter(key[0]) || key[0] == '_') && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');
    }

    /// <summary>One <c>resource_changes</c> entry while it is being read; its fields may come in any order.</summary>
    private sealed class RawEntry
    {
        public string? Address { get; set; }

        public string? PreviousAddress { get; set; }

        public string? Mode { get; set; }

        public string? Type { get; set; }

        public string? Provider { get; set; }

        public string? Deposed { get; set; }

        public string? Reason { get; set; }

        public List<string>? Actions { get; set; }

        public PlanValue? Before { get; set; }

        public PlanValue? After { get; set; }

        public PlanValue? BeforeSensitive { get; set; }

        public PlanValue? AfterSensitive { get; set; }

        public PlanValue? AfterUnknown { get; set; }

        public List<PlanValue> ReplacePaths { get; } = [];

        /// <summary>A resource entry, whose no-op values may be taped; output changes always build theirs.</summary>
        public bool UseTapes { get; init; }

        public bool Importing { get; set; }

        public string? ImportId { get; set; }
    }
}
