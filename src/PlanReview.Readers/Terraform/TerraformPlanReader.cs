using System.Collections.Immutable;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using PlanReview.Core.Model;

namespace PlanReview.Readers.Terraform;

/// <summary>
/// Reads <c>terraform show -json</c> output (format 0.1 to 1.x, OpenTofu, and the HCP Terraform
/// redacted envelope) in one forward pass over its UTF-8 bytes: the document is streamed, and only one
/// entry (a resource change, a state resource, a configuration resource) is in memory at a time.
/// Sections may come in any order; everything that depends on the whole document (secrets found late,
/// which variables are sensitive) is settled after the last byte.
/// </summary>
/// <remarks>
/// This reader works on <see cref="Utf8JsonReader"/> rather than Newtonsoft's <c>JsonTextReader</c>, which
/// the other readers use: Terraform plans are the ones that reach hundreds of megabytes, and tokenising
/// UTF-8 in place (no decoding, no string for what is skipped) is what lets a 100k-resource plan be read
/// in a fraction of the time (docs/performance.md).
/// </remarks>
public sealed partial class TerraformPlanReader : IPlanReader, IUtf8PlanReader
{
    /// <summary>The highest major <c>format_version</c> read; Terraform promises only additive changes within a major version.</summary>
    public const int SupportedMajorVersion = 1;

    /// <summary>How deep a plan may nest; the limit protects the runner from hostile input.</summary>
    public const int MaxDepth = Utf8JsonSource.MaxDepth;

    private readonly long splitThreshold;
    private readonly Action<long, bool>? splitObserver;

    public TerraformPlanReader()
        : this(SplitThresholdBytes)
    {
    }

    /// <summary>For tests: split smaller plans, and learn where each split was tried and whether it was taken.</summary>
    internal TerraformPlanReader(long splitThreshold, Action<long, bool>? splitObserver = null)
    {
        this.splitThreshold = splitThreshold;
        this.splitObserver = splitObserver;
    }

    public PlanFormat Format => PlanFormat.Terraform;

    public InputKind Kind => InputKind.TerraformPlan;

    public Plan Read(TextReader text, string source, CancellationToken cancellationToken = default)
    {
        using var utf8 = new TextReaderUtf8Stream(text);
        return Read(utf8, source, cancellationToken);
    }

    public Plan Read(Stream utf8Json, string source, CancellationToken cancellationToken = default) =>
        Read(utf8Json, source, null, cancellationToken);

    /// <param name="seekable">When the input is a file that can be opened again at an offset, a large plan is read in two halves at once (see <see cref="SplitPoint"/>).</param>
    public Plan Read(Stream utf8Json, string source, SeekableInput? seekable, CancellationToken cancellationToken = default)
    {
        using var split = SplitPoint.Start(seekable, splitThreshold, source, cancellationToken);
        try
        {
            var session = new Session(new Utf8JsonSource(utf8Json, source), source, cancellationToken, split);
            var plan = session.Run();
            if (split is not null)
            {
                splitObserver?.Invoke(split.Offset, session.HandedOff);
            }

            return plan;
        }
        catch (JsonException ex)
        {
            throw new PlanReadException(source, Describe(ex), ex);
        }
        catch (InvalidOperationException ex) when (ex.InnerException is DecoderFallbackException)
        {
            throw new PlanReadException(source, PlanLoader.InvalidUtf8, ex);
        }
    }

    /// <summary>One line, with the position, without the reader's trailing "LineNumber: … | BytePositionInLine: …".</summary>
    private static string Describe(JsonException ex)
    {
        var message = TrailingPosition().Replace(ex.Message, string.Empty).ReplaceLineEndings(" ").Trim();
        var where = ex.LineNumber is { } line ? $" at line {line + 1}, column {(ex.BytePositionInLine ?? 0) + 1}" : string.Empty;
        if (message.Contains("maximum configured depth", StringComparison.Ordinal))
        {
            return $"nests deeper than {MaxDepth} levels{where} (the limit that protects the reader from hostile input; real plans stay far below it)";
        }

        return $"is not valid JSON{where}: {message}";
    }

    [GeneratedRegex(@"\s*LineNumber: \d+ \| BytePositionInLine: \d+\.\s*$", RegexOptions.Singleline)]
    private static partial Regex TrailingPosition();

    /// <summary>The state of one read. Nothing here outlives <see cref="Run"/>.</summary>
    private sealed partial class Session
    {
        private readonly Utf8JsonSource json;
        private readonly string source;
        private readonly CancellationToken cancellationToken;
        private readonly StringPool pool = new();
        private readonly SmallValueCache smallValues = new();
        private readonly RecentStrings recent;
        private readonly RawEntry entry = new();
        private readonly SecretSet secrets = new();
        private TerraformConfiguration configuration = new();
        private readonly List<ResourceChange> changes = [];
        private readonly List<ResourceChange> drift = [];
        private readonly List<OutputChange> outputs = [];
        // Edges as plain pairs while reading: one record per distinct edge is made only at the end.
        private readonly List<(string Dependent, string Dependency)> stateEdges = [];
        private readonly List<ToolMessage> messages = [];
        private readonly Dictionary<string, PlanValue> variableValues = new(StringComparer.Ordinal);
        private readonly HashSet<string> priorManaged = new(StringComparer.Ordinal);
        private string? formatVersion;
        private string? toolVersion;
        private bool errored;
        private bool? complete;
        private bool sawPriorState;

        // Which sections this session has read, so that two halves of one document can be put together.
        private readonly HashSet<string> sectionsSeen = new(StringComparer.Ordinal);

        public Session(Utf8JsonSource json, string source, CancellationToken cancellationToken, SplitPoint? split = null)
        {
            this.split = split;
            recent = new RecentStrings(pool);
            this.json = json;
            this.source = source;
            this.cancellationToken = cancellationToken;
        }

        public Plan Run()
        {
            ReadDocument();
            return Finish();
        }

        /// <summary>Reads the whole document (or, as a second half, the rest of it) into this session.</summary>
        public void ReadDocument()
        {
            var reader = json.Begin();
            if (!json.Read(ref reader))
            {
                throw new PlanReadException(source, "is empty; expected the output of `terraform show -json PLANFILE`");
            }

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw new PlanReadException(source, $"is not a Terraform plan: the top level is {Describe(reader.TokenType)}, not a JSON object");
            }

            while (!handedOff && json.NextProperty(ref reader))
            {
                ReadTopLevel(ref reader);
            }

            // Reading past the end catches a second value or stray characters after the plan (the second half did, when there is one).
            while (!handedOff && json.Read(ref reader))
            {
            }

            split?.Cancel();
        }

        private void ReadTopLevel(ref Utf8JsonReader reader)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (reader.ValueTextEquals("format_version"u8) || reader.ValueTextEquals("plan_format_version"u8))
            {
                var name = reader.GetString()!;
                json.ToValue(ref reader);
                var version = ReadScalar(ref reader);
                CheckFormatVersion(name, version);
                formatVersion ??= version;
                return;
            }

            var section = Section(ref reader);
            if (section is not null)
            {
                sectionsSeen.Add(section);
            }

            json.ToValue(ref reader);
            switch (section)
            {
                case "terraform_version":
                    toolVersion = ReadScalar(ref reader);
                    break;
                case "errored":
                    errored = ReadBool(ref reader) ?? false;
                    break;
                case "complete":
                    complete = ReadBool(ref reader);
                    break;
                case "variables":
                    json.ForEachNamedEntry(ref reader, ReadVariable);
                    break;
                case "resource_changes":
                    ForEachItem(ref reader, section, (ref Utf8JsonReader item) => changes.Add(ReadResourceChange(ref item, "resource_changes")));
                    break;
                case "resource_drift":
                    ForEachItem(ref reader, section, (ref Utf8JsonReader item) => drift.Add(ReadResourceChange(ref item, "resource_drift")));
                    break;
                case "deferred_changes":
                    // Not part of this apply; read only for the secrets they may carry.
                    ForEachItem(ref reader, null, ReadDeferredChange);
                    break;
                case "output_changes":
                    if (json.EnterObject(ref reader))
                    {
                        while (json.NextProperty(ref reader))
                        {
                            var name = reader.GetString()!;
                            json.ToValue(ref reader);
                            ReadOutputChange(ref reader, name);
                        }
                    }

                    break;
                case "prior_state":
                    sawPriorState = true;
                    if (json.EnterObject(ref reader))
                    {
                        while (json.NextProperty(ref reader))
                        {
                            if (reader.ValueTextEquals("values"u8))
                            {
                                json.ToValue(ref reader);
                                ReadStateValues(ref reader, prior: true);
                            }
                            else
                            {
                                json.Skip(ref reader);
                            }
                        }
                    }

                    break;
                case "planned_values":
                    ReadStateValues(ref reader, prior: false);
                    break;
                case "configuration":
                    configuration.Read(ref reader, json, secrets, pool);
                    break;
                case "checks":
                    ForEachItem(ref reader, null, (ref Utf8JsonReader item) => ReadCheck(json.ReadEntry(ref item, out _)));
                    break;
                default:
                    json.Skip(ref reader);
                    break;
            }
        }

        /// <summary>The name of a top-level section this reader knows, or null (skipped).</summary>
        private static string? Section(ref Utf8JsonReader reader)
        {
            ReadOnlySpan<string> known =
            [
                "terraform_version", "errored", "complete", "variables", "resource_changes", "resource_drift",
                "deferred_changes", "output_changes", "prior_state", "planned_values", "configuration", "checks",
            ];
            foreach (var name in known)
            {
                if (reader.ValueTextEquals(name))
                {
                    return name;
                }
            }

            return null;
        }

        private string? ReadScalar(ref Utf8JsonReader reader)
        {
            json.Skip(ref reader);
            return reader.TokenType is JsonTokenType.String or JsonTokenType.Number or JsonTokenType.True or JsonTokenType.False
                ? EntryJson.ReadString(ref reader)
                : null;
        }

        private bool? ReadBool(ref Utf8JsonReader reader)
        {
            json.Skip(ref reader);
            return reader.TokenType switch
            {
                JsonTokenType.True => true,
                JsonTokenType.False => false,
                _ => null,
            };
        }

        /// <summary>Calls <paramref name="onItem"/> on the first token of each item of the list the reader is on.</summary>
        /// <param name="section">When set, a value that is neither a list nor null is an error naming it.</param>
        private void ForEachItem(ref Utf8JsonReader reader, string? section, ItemAction onItem)
        {
            if (section is not null && reader.TokenType is not (JsonTokenType.StartArray or JsonTokenType.Null))
            {
                throw new PlanReadException(source, $"has a `{section}` that is {Describe(reader.TokenType)}, not a list ({json.Position(ref reader)})");
            }

            if (!json.EnterArray(ref reader))
            {
                return;
            }

            var splitAt = section == "resource_changes" && split is not null ? split.Offset : -1;
            while (json.NextItem(ref reader))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (splitAt >= 0 && json.Offset(ref reader) == splitAt && TryHandOff())
                {
                    return;
                }

                onItem(ref reader);
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

        private void ReadVariable(string name, ReadOnlySpan<byte> entry)
        {
            var reader = EntryJson.Open(entry);
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                return;
            }

            while (EntryJson.NextProperty(ref reader))
            {
                if (reader.ValueTextEquals("value"u8))
                {
                    reader.Read();
                    variableValues[name] = EntryJson.ReadValue(ref reader, pool);
                }
                else
                {
                    EntryJson.SkipValue(ref reader);
                }
            }
        }

        private void ReadDeferredChange(ref Utf8JsonReader reader)
        {
            if (!json.EnterObject(ref reader))
            {
                return;
            }

            while (json.NextProperty(ref reader))
            {
                if (reader.ValueTextEquals("resource_change"u8))
                {
                    json.ToValue(ref reader);
                    if (reader.TokenType == JsonTokenType.StartObject)
                    {
                        ReadResourceChange(ref reader, "deferred_changes");
                    }
                    else
                    {
                        json.Skip(ref reader);
                    }
                }
                else
                {
                    json.Skip(ref reader);
                }
            }
        }

        /// <summary>
        /// Reads one resource change straight from the stream. The entry is held in the buffer while it is
        /// walked: its values are only located, and read (or scanned for secrets) once the action is known.
        /// </summary>
        private ResourceChange ReadResourceChange(ref Utf8JsonReader reader, string section)
        {
            var offset = json.Hold(ref reader);
            try
            {
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    throw new PlanReadException(source, $"has a `{section}` entry that is not an object ({json.PositionOf(offset)})");
                }

                var raw = entry.Reset();
                while (json.NextProperty(ref reader))
                {
                    if (reader.ValueTextEquals("address"u8))
                    {
                        json.ToValue(ref reader);
                        raw.Address = ReadScalar(ref reader);
                    }
                    else if (reader.ValueTextEquals("type"u8))
                    {
                        json.ToValue(ref reader);
                        raw.Type = ReadPooled(ref reader);
                    }
                    else if (reader.ValueTextEquals("change"u8))
                    {
                        json.ToValue(ref reader);
                        ReadChange(ref reader, raw);
                    }
                    else if (reader.ValueTextEquals("mode"u8))
                    {
                        json.ToValue(ref reader);
                        raw.Mode = ReadPooled(ref reader);
                    }
                    else if (reader.ValueTextEquals("provider_name"u8))
                    {
                        json.ToValue(ref reader);
                        raw.Provider = ReadPooled(ref reader);
                    }
                    else if (reader.ValueTextEquals("previous_address"u8))
                    {
                        json.ToValue(ref reader);
                        raw.PreviousAddress = ReadScalar(ref reader);
                    }
                    else if (reader.ValueTextEquals("deposed"u8))
                    {
                        json.ToValue(ref reader);
                        raw.Deposed = ReadScalar(ref reader);
                    }
                    else if (reader.ValueTextEquals("action_reason"u8))
                    {
                        json.ToValue(ref reader);
                        raw.Reason = ReadPooled(ref reader);
                    }
                    else
                    {
                        json.Skip(ref reader);
                    }
                }

                if (raw.Address is null)
                {
                    throw new PlanReadException(source, $"has a `{section}` entry without an address ({json.PositionOf(offset)})");
                }

                return Build(raw);
            }
            finally
            {
                json.Release();
            }
        }

        /// <summary>A string shared through the pool (types, providers, modes repeat across entries); other scalars as text.</summary>
        private string? ReadPooled(ref Utf8JsonReader reader)
        {
            if (reader.TokenType == JsonTokenType.String)
            {
                return recent.Get(ref reader);
            }

            return ReadScalar(ref reader);
        }

        /// <summary>Reads a <c>change</c> object (of a resource or an output); its values are only located, not read, until the action is known.</summary>
        private void ReadChange(ref Utf8JsonReader reader, RawEntry raw)
        {
            if (!json.EnterObject(ref reader))
            {
                return;
            }

            while (json.NextProperty(ref reader))
            {
                if (reader.ValueTextEquals("actions"u8))
                {
                    json.ToValue(ref reader);
                    EntryJson.ReadStrings(json, ref reader, recent, raw.Actions);
                }
                else if (reader.ValueTextEquals("before"u8))
                {
                    json.ToValue(ref reader);
                    raw.Before = json.Locate(ref reader);
                }
                else if (reader.ValueTextEquals("after"u8))
                {
                    json.ToValue(ref reader);
                    raw.After = json.Locate(ref reader);
                }
                else if (reader.ValueTextEquals("before_sensitive"u8))
                {
                    json.ToValue(ref reader);
                    raw.BeforeSensitive = smallValues.Read(json, ref reader, pool);
                }
                else if (reader.ValueTextEquals("after_sensitive"u8))
                {
                    json.ToValue(ref reader);
                    raw.AfterSensitive = smallValues.Read(json, ref reader, pool);
                }
                else if (reader.ValueTextEquals("after_unknown"u8))
                {
                    json.ToValue(ref reader);
                    raw.AfterUnknown = smallValues.Read(json, ref reader, pool);
                }
                else if (reader.ValueTextEquals("replace_paths"u8))
                {
                    json.ToValue(ref reader);
                    if (EntryJson.ReadValue(json, ref reader, pool) is PlanValue.ListValue paths)
                    {
                        raw.ReplacePaths.AddRange(paths.Items);
                    }
                }
                else if (reader.ValueTextEquals("importing"u8))
                {
                    json.ToValue(ref reader);
                    var importing = EntryJson.Open(json.ReadEntry(ref reader, out _));
                    ReadImporting(ref importing, raw);
                }
                else
                {
                    json.Skip(ref reader);
                }
            }
        }

        /// <summary>Records the secrets a mask points at in a located value (still held in the buffer).</summary>
        private void CollectSecrets((long From, long To)? value, PlanValue? mask)
        {
            if (value is { } located && smallValues.IsSensitive(mask))
            {
                EntryJson.CollectSecrets(json.Bytes(located.From, located.To), mask, secrets);
            }
        }

        private static void ReadImporting(ref Utf8JsonReader reader, RawEntry raw)
        {
            if (reader.TokenType == JsonTokenType.Null)
            {
                return;
            }

            raw.Importing = true;
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                return;
            }

            while (EntryJson.NextProperty(ref reader))
            {
                if (reader.ValueTextEquals("id"u8))
                {
                    reader.Read();
                    raw.ImportId = EntryJson.ReadString(ref reader);
                }
                else
                {
                    EntryJson.SkipValue(ref reader);
                }
            }
        }

        /// <summary>Builds the change once its entry is read; the entry is still held, so its located values can be read.</summary>
        private ResourceChange Build(RawEntry raw)
        {
            var actions = raw.Actions;
            var normalised = TerraformActions.Normalise(actions);
            var keepValues = normalised.Action != ChangeAction.NoOp;

            PlanValue? before = null, after = null;
            if (keepValues)
            {
                // Masks first: they record the secrets even for the values that are not kept.
                before = raw.Before is { } b ? secrets.ApplyMask(EntryJson.ReadValue(json.Bytes(b.From, b.To), pool), raw.BeforeSensitive) : null;
                after = raw.After is { } a ? EntryJson.ReadValue(json.Bytes(a.From, a.To), pool) : null;
                if (raw.AfterUnknown is not null && (after is not null || raw.AfterUnknown is PlanValue.BoolValue { Value: true }))
                {
                    after = SecretSet.ApplyUnknown(after, raw.AfterUnknown);
                }

                after = after is null ? null : secrets.ApplyMask(after, raw.AfterSensitive);
            }
            else
            {
                // A no-op's values are not kept, only the secrets their masks point at.
                CollectSecrets(raw.Before, raw.BeforeSensitive);
                CollectSecrets(raw.After, raw.AfterSensitive);
            }

            var properties = raw.ImportId is null
                ? ImmutableSortedDictionary<string, string>.Empty
                : ImmutableSortedDictionary.Create<string, string>(StringComparer.Ordinal).Add("import_id", raw.ImportId);

            return new ResourceChange
            {
                Address = raw.Address!,
                PreviousAddress = raw.PreviousAddress,
                Type = raw.Type ?? string.Empty,
                Provider = raw.Provider,
                Mode = raw.Mode == "data" ? ResourceMode.Data : ResourceMode.Managed,
                Action = normalised.Action,
                ReplaceOrder = normalised.Order,
                Fate = normalised.Fate,
                RawAction = TerraformActions.Raw(actions),
                Reason = raw.Reason,
                ReplacePaths = raw.ReplacePaths.Count == 0 ? [] : raw.ReplacePaths.Select(RenderPath).ToImmutableArray(),
                Importing = raw.Importing,
                Deposed = raw.Deposed,
                Before = before,
                After = after,
                Properties = properties,
            };
        }

        private void ReadOutputChange(ref Utf8JsonReader reader, string name)
        {
            json.Hold(ref reader);
            try
            {
                var raw = entry.Reset();
                ReadChange(ref reader, raw);
                CollectSecrets(raw.Before, raw.BeforeSensitive);
                CollectSecrets(raw.After, raw.AfterSensitive);
                var sensitive = SecretSet.AnySensitive(raw.BeforeSensitive) || SecretSet.AnySensitive(raw.AfterSensitive);
                outputs.Add(new OutputChange(name, TerraformActions.Normalise(raw.Actions).Action, sensitive));
            }
            finally
            {
                json.Release();
            }
        }

        /// <summary>Reads <c>prior_state.values</c> or <c>planned_values</c>: <c>outputs</c> and <c>root_module</c>.</summary>
        private void ReadStateValues(ref Utf8JsonReader reader, bool prior)
        {
            if (!json.EnterObject(ref reader))
            {
                return;
            }

            while (json.NextProperty(ref reader))
            {
                if (reader.ValueTextEquals("outputs"u8))
                {
                    json.ToValue(ref reader);
                    json.ForEachNamedEntry(ref reader, (_, entry) => ReadStateOutput(entry));
                }
                else if (reader.ValueTextEquals("root_module"u8))
                {
                    json.ToValue(ref reader);
                    ReadStateModule(ref reader, prior);
                }
                else
                {
                    json.Skip(ref reader);
                }
            }
        }

        private void ReadStateOutput(ReadOnlySpan<byte> entry)
        {
            var (sensitive, value) = EntryJson.ReadSensitiveValue(entry, "value"u8, pool);
            if (sensitive && value is not null)
            {
                secrets.AddAll(value);
            }
        }

        private void ReadStateModule(ref Utf8JsonReader reader, bool prior)
        {
            if (!json.EnterObject(ref reader))
            {
                return;
            }

            while (json.NextProperty(ref reader))
            {
                if (reader.ValueTextEquals("resources"u8))
                {
                    json.ToValue(ref reader);
                    ForEachItem(ref reader, null, (ref Utf8JsonReader item) => ReadStateResource(ref item, prior));
                }
                else if (reader.ValueTextEquals("child_modules"u8))
                {
                    json.ToValue(ref reader);
                    ForEachItem(ref reader, null, (ref Utf8JsonReader item) => ReadStateModule(ref item, prior));
                }
                else
                {
                    json.Skip(ref reader);
                }
            }
        }

        /// <summary>Reads one state resource straight from the stream, held like a resource change (its values are only scanned for secrets).</summary>
        private void ReadStateResource(ref Utf8JsonReader reader, bool prior)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                json.Skip(ref reader);
                return;
            }

            json.Hold(ref reader);
            string? address = null, mode = null, deposedKey = null;
            (long From, long To)? values = null;
            PlanValue? sensitiveValues = null;
            List<string>? dependsOn = null;
            try
            {
                while (json.NextProperty(ref reader))
                {
                    // Planned values are read only for their secrets; the prior state also gives the resources and their dependencies.
                    if (prior && reader.ValueTextEquals("address"u8))
                    {
                        json.ToValue(ref reader);
                        address = ReadScalar(ref reader);
                    }
                    else if (prior && reader.ValueTextEquals("mode"u8))
                    {
                        json.ToValue(ref reader);
                        mode = ReadPooled(ref reader);
                    }
                    else if (prior && reader.ValueTextEquals("deposed_key"u8))
                    {
                        json.ToValue(ref reader);
                        deposedKey = ReadScalar(ref reader);
                    }
                    else if (reader.ValueTextEquals("values"u8))
                    {
                        // Only the secrets its mask points at are wanted from a state value.
                        json.ToValue(ref reader);
                        values = json.Locate(ref reader);
                    }
                    else if (reader.ValueTextEquals("sensitive_values"u8))
                    {
                        json.ToValue(ref reader);
                        sensitiveValues = smallValues.Read(json, ref reader, pool);
                    }
                    else if (prior && reader.ValueTextEquals("depends_on"u8))
                    {
                        json.ToValue(ref reader);
                        dependsOn = EntryJson.ReadStrings(json, ref reader, pool);
                    }
                    else
                    {
                        json.Skip(ref reader);
                    }
                }

                CollectSecrets(values, sensitiveValues);
            }
            finally
            {
                json.Release();
            }

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
            if (dependsOn is not { Count: > 0 })
            {
                return;
            }

            // The address becomes an edge end, as the dependencies (pooled as they were read) do.
            address = pool.Get(address);
            foreach (var dependency in dependsOn)
            {
                if (!TerraformConfiguration.IsDataAddress(dependency))
                {
                    stateEdges.Add((address, dependency));
                }
            }
        }

        private void ReadCheck(ReadOnlySpan<byte> entry)
        {
            var reader = EntryJson.Open(entry);
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                return;
            }

            string? status = null, display = null;
            var problems = new List<(string? Address, string Message)>();
            while (EntryJson.NextProperty(ref reader))
            {
                if (reader.ValueTextEquals("status"u8))
                {
                    reader.Read();
                    status = EntryJson.ReadString(ref reader);
                }
                else if (reader.ValueTextEquals("address"u8))
                {
                    reader.Read();
                    display = ReadDisplayAddress(ref reader);
                }
                else if (reader.ValueTextEquals("instances"u8))
                {
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.StartArray)
                    {
                        reader.Skip();
                        continue;
                    }

                    while (EntryJson.NextItem(ref reader))
                    {
                        ReadCheckInstance(ref reader, problems);
                    }
                }
                else
                {
                    EntryJson.SkipValue(ref reader);
                }
            }

            if (status is "fail" or "error")
            {
                foreach (var (address, message) in problems)
                {
                    messages.Add(new ToolMessage("error", message, address ?? display));
                }
            }
        }

        private static void ReadCheckInstance(ref Utf8JsonReader reader, List<(string? Address, string Message)> problems)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                return;
            }

            string? display = null;
            var found = new List<string>();
            while (EntryJson.NextProperty(ref reader))
            {
                if (reader.ValueTextEquals("address"u8))
                {
                    reader.Read();
                    display = ReadDisplayAddress(ref reader);
                }
                else if (reader.ValueTextEquals("problems"u8))
                {
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.StartArray)
                    {
                        reader.Skip();
                        continue;
                    }

                    while (EntryJson.NextItem(ref reader))
                    {
                        if (reader.TokenType != JsonTokenType.StartObject)
                        {
                            reader.Skip();
                            continue;
                        }

                        while (EntryJson.NextProperty(ref reader))
                        {
                            if (reader.ValueTextEquals("message"u8))
                            {
                                reader.Read();
                                if (EntryJson.ReadString(ref reader) is { } message)
                                {
                                    found.Add(message);
                                }
                            }
                            else
                            {
                                EntryJson.SkipValue(ref reader);
                            }
                        }
                    }
                }
                else
                {
                    EntryJson.SkipValue(ref reader);
                }
            }

            problems.AddRange(found.Select(m => (display, m)));
        }

        private static string? ReadDisplayAddress(ref Utf8JsonReader reader)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                return null;
            }

            string? display = null;
            while (EntryJson.NextProperty(ref reader))
            {
                if (reader.ValueTextEquals("to_display"u8))
                {
                    reader.Read();
                    display = EntryJson.ReadString(ref reader);
                }
                else
                {
                    EntryJson.SkipValue(ref reader);
                }
            }

            return display;
        }

        private const int ParallelEdgesAbove = 10_000;

        // Masking a change takes microseconds: below this many, starting a second thread costs more than it saves.
        private const int ParallelRedactAbove = 20_000;
        private const string StateEdgeSource = "prior_state.depends_on";

        private Plan Finish()
        {
            foreach (var name in configuration.SensitiveRootVariables)
            {
                if (variableValues.TryGetValue(name, out var value))
                {
                    secrets.AddAll(value);
                }
            }

            // The edges touch nothing the masking below reads: on a large plan they are sorted on another core meanwhile.
            var edgeWork = sortedEdges is { } sorted ? Task.FromResult(sorted)
                : stateEdges.Count > ParallelEdgesAbove ? Task.Run(AllEdges, cancellationToken)
                : null;
            var redactedChanges = RedactAll(changes, idleCore: edgeWork is null || edgeWork.IsCompleted);
            var edges = edgeWork?.GetAwaiter().GetResult() ?? AllEdges();

            return new Plan
            {
                Source = source,
                Format = PlanFormat.Terraform,
                ToolVersion = toolVersion,
                FormatVersion = formatVersion,
                Changes = redactedChanges,
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

        /// <summary>The edges by dependent, dependency and source, each once (where the state and the configuration agree, "configuration" names it).</summary>
        private ImmutableArray<DependencyEdge> AllEdges() =>
            EdgeOrder.SortedDistinct(stateEdges.Select(e => (e.Dependent, e.Dependency, StateEdgeSource)).Concat(configuration.Edges()).ToArray());

        // A loop, not Any(secrets.Matches), and only for what is not empty: a delegate or an enumerator for each of
        // a large plan's changes added up to megabytes.
        private bool AnyMatches(IEnumerable<string> texts)
        {
            foreach (var text in texts)
            {
                if (secrets.Matches(text))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// <see cref="Redact"/> over every change, in order; a large plan's in two halves at once when the other core
        /// is free (the secrets are only read from here on).
        /// </summary>
        private ImmutableArray<ResourceChange> RedactAll(List<ResourceChange> all, bool idleCore)
        {
            var redacted = new ResourceChange[all.Count];
            if (!idleCore || all.Count < ParallelRedactAbove || Environment.ProcessorCount < 2)
            {
                RedactRange(0, redacted.Length);
            }
            else
            {
                secrets.Prepare();
                var middle = redacted.Length / 2;
                Parallel.Invoke(
                    new ParallelOptions { CancellationToken = cancellationToken },
                    () => RedactRange(0, middle),
                    () => RedactRange(middle, redacted.Length));
            }

            return ImmutableCollectionsMarshal.AsImmutableArray(redacted);

            void RedactRange(int from, int to)
            {
                for (var i = from; i < to; i++)
                {
                    redacted[i] = Redact(all[i]);
                }
            }
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
            var paths = !change.ReplacePaths.IsEmpty && AnyMatches(change.ReplacePaths)
                ? change.ReplacePaths.Select(p => secrets.RedactText(p)).ToImmutableArray()
                : change.ReplacePaths;
            var properties = !change.Properties.IsEmpty && AnyMatches(change.Properties.Values)
                ? change.Properties.ToImmutableSortedDictionary(p => p.Key, p => secrets.Matches(p.Value) ? PlanValue.Sensitive.ToString() : p.Value, StringComparer.Ordinal)
                : change.Properties;
            if (ReferenceEquals(before, change.Before) && ReferenceEquals(after, change.After) && paths == change.ReplacePaths && properties == change.Properties)
            {
                return change;
            }

            return change with { Before = before, After = after, ReplacePaths = paths, Properties = properties };
        }

        private static string Describe(JsonTokenType token) => token switch
        {
            JsonTokenType.StartArray => "a list",
            JsonTokenType.StartObject => "an object",
            JsonTokenType.String => "a string",
            JsonTokenType.Number => "a number",
            JsonTokenType.True or JsonTokenType.False => "a boolean",
            JsonTokenType.Null => "null",
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
                        text.Append('[').Append(Newtonsoft.Json.JsonConvert.ToString(key)).Append(']');
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

    /// <summary>What is done with one item of a list, entered on its first token and left on its last.</summary>
    private delegate void ItemAction(ref Utf8JsonReader reader);

    /// <summary>
    /// One <c>resource_changes</c> entry (or output change) while it is being read; its fields may come in any
    /// order. A session reuses one for every entry (<see cref="Reset"/>): nothing of it outlives the entry.
    /// </summary>
    private sealed class RawEntry
    {
        public string? Address { get; set; }

        public string? PreviousAddress { get; set; }

        public string? Mode { get; set; }

        public string? Type { get; set; }

        public string? Provider { get; set; }

        public string? Deposed { get; set; }

        public string? Reason { get; set; }

        /// <summary>The <c>actions</c> list; empty when absent (which normalises to an unknown action).</summary>
        public List<string> Actions { get; } = new(2);

        /// <summary>Where <c>before</c> lies in the input; read only once the action says it is kept.</summary>
        public (long From, long To)? Before { get; set; }

        public (long From, long To)? After { get; set; }

        public PlanValue? BeforeSensitive { get; set; }

        public PlanValue? AfterSensitive { get; set; }

        public PlanValue? AfterUnknown { get; set; }

        public List<PlanValue> ReplacePaths { get; } = [];

        public bool Importing { get; set; }

        public string? ImportId { get; set; }

        public RawEntry Reset()
        {
            Address = PreviousAddress = Mode = Type = Provider = Deposed = Reason = ImportId = null;
            Actions.Clear();
            Before = After = null;
            BeforeSensitive = AfterSensitive = AfterUnknown = null;
            ReplacePaths.Clear();
            Importing = false;
            return this;
        }
    }
}
