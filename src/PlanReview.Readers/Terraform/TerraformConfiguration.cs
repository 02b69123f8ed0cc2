using System.Collections.Immutable;
using System.Text.Json;
using PlanReview.Core.Graph;
using PlanReview.Core.Model;

namespace PlanReview.Readers.Terraform;

/// <summary>
/// Reads the <c>configuration</c> section of a plan (streamed) and turns its expression references
/// into dependency edges between managed resources, qualified with their module path.
/// </summary>
/// <remarks>
/// The rule for a reference (after removing instance keys such as <c>[0]</c> or <c>["a"]</c>):
/// <list type="bullet">
/// <item><c>TYPE.NAME[.attr…]</c> names the managed resource <c>TYPE.NAME</c> of the same module.</item>
/// <item><c>data.TYPE.NAME[.attr…]</c> names a data source. Data sources are re-read, not destroyed, so
/// they are never an end of an edge; the reader follows them instead (what the data source references
/// becomes a dependency of whoever references the data source), as Terraform does in the state.</item>
/// <item><c>module.X.OUTPUT</c> follows output <c>OUTPUT</c> of module call <c>X</c> to the references of
/// its expression, inside that module. A bare <c>module.X</c> (in <c>depends_on</c>, or an output we
/// cannot find) depends on every managed resource in that module, nested modules included.</item>
/// <item><c>var.V</c> inside a module follows the argument the module call passes for <c>V</c>.</item>
/// <item>A module call's own <c>depends_on</c>, <c>count</c> and <c>for_each</c> apply to every resource in it.</item>
/// <item><c>local.*</c>, <c>each.*</c>, <c>count.*</c>, <c>path.*</c>, <c>self.*</c>, <c>terraform.*</c> and root
/// <c>var.*</c> lead to no resource. Locals are not written to the JSON, so a dependency that only goes
/// through a local is not seen here (the state's <c>depends_on</c> still records it for existing resources).</item>
/// </list>
/// </remarks>
internal sealed class TerraformConfiguration
{
    public const string EdgeSource = "configuration";

    // Internal node prefixes; they contain a character no Terraform address can hold, so they never collide.
    private const string OutputNode = "\u0001output:";
    private const string VariableNode = "\u0001var:";
    private const string ModuleNode = "\u0001module:";
    private const string CallNode = "\u0001call:";

    // A managed resource's edges are read together, so they are one run of this list: no list per resource
    // (on a 100k-resource configuration those lists and sets were a third of the objects the reader kept alive).
    private readonly List<(string Node, string Target)> resourceEdges = [];

    // The edges of every other node (data sources, module outputs, variables and calls), which Expand follows.
    // A list per node, not a set: a repeated target only repeats a memoised lookup.
    private readonly Dictionary<string, List<string>> outgoing = new(StringComparer.Ordinal);
    private readonly HashSet<string> managedSet = new(StringComparer.Ordinal);
    private readonly HashSet<string> sensitiveRootVariables = new(StringComparer.Ordinal);
    private readonly HashSet<string> declaredOutputs = new(StringComparer.Ordinal);

    // Reused for each configuration resource: its references are consumed before the next one is read.
    private readonly List<string> resourceTargets = [];

    // The text of one references array, and the node being composed: references become nodes without a string of their own.
    private readonly ReferenceList referenceText = new();
    private readonly TextBuilder node = new();
    private char[] strippedText = new char[256];

    /// <summary>Names of root-module variables declared <c>sensitive = true</c>.</summary>
    public IReadOnlySet<string> SensitiveRootVariables => sensitiveRootVariables;

    /// <summary>Reads the configuration object the reader is on; sensitive variable defaults go into <paramref name="secrets"/>.</summary>
    public void Read(ref Utf8JsonReader reader, Utf8JsonSource json, SecretSet secrets, StringPool pool)
    {
        if (!json.EnterObject(ref reader))
        {
            return;
        }

        while (json.NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("root_module"u8))
            {
                json.ToValue(ref reader);
                ReadModule(ref reader, json, string.Empty, secrets, pool);
            }
            else
            {
                json.Skip(ref reader);
            }
        }
    }

    /// <summary>The dependency edges between managed resources (configuration addresses), each once, in no particular order (the reader sorts all edges together).</summary>
    public IEnumerable<(string Dependent, string Dependency, string Source)> Edges()
    {
        var memo = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var inProgress = new HashSet<string>(StringComparer.Ordinal);
        var dependencies = new HashSet<string>(StringComparer.Ordinal);
        string? resource = null;
        foreach (var (node, target) in resourceEdges)
        {
            if (!ReferenceEquals(node, resource))
            {
                resource = node;
                dependencies.Clear();
            }

            if (IsResourceNode(target))
            {
                if (!string.Equals(target, resource, StringComparison.Ordinal) && dependencies.Add(target))
                {
                    yield return (resource, target, EdgeSource);
                }

                continue;
            }

            foreach (var dependency in Expand(target, memo, inProgress))
            {
                if (!string.Equals(dependency, resource, StringComparison.Ordinal) && dependencies.Add(dependency))
                {
                    yield return (resource, dependency, EdgeSource);
                }
            }
        }
    }

    /// <summary>True for a node that is a resource address rather than something that leads to resources.</summary>
    private static bool IsResourceNode(string node) => !node.StartsWith('\u0001') && !IsDataAddress(node);

    /// <summary>The managed resources a node stands for: itself when it is one, else what it leads to.</summary>
    private IEnumerable<string> Expand(string node, Dictionary<string, HashSet<string>> memo, HashSet<string> inProgress)
    {
        if (IsResourceNode(node))
        {
            return [node];
        }

        if (memo.TryGetValue(node, out var known))
        {
            return known;
        }

        // A cycle cannot occur in a valid configuration; in a hostile one it just stops the walk.
        if (!inProgress.Add(node))
        {
            return [];
        }

        var result = new HashSet<string>(StringComparer.Ordinal);
        string? wholeModule = null;
        if (node.StartsWith(ModuleNode, StringComparison.Ordinal))
        {
            wholeModule = node[ModuleNode.Length..];
        }
        else if (node.StartsWith(OutputNode, StringComparison.Ordinal) && !declaredOutputs.Contains(node))
        {
            // An output the configuration does not show: assume it may depend on anything in that module.
            var output = node[OutputNode.Length..];
            wholeModule = output[..output.LastIndexOf('.')];
        }

        if (wholeModule is not null)
        {
            var prefix = wholeModule + ".";
            result.UnionWith(managedSet.Where(m => m.StartsWith(prefix, StringComparison.Ordinal)));
        }

        if (outgoing.TryGetValue(node, out var targets))
        {
            foreach (var target in targets)
            {
                result.UnionWith(Expand(target, memo, inProgress));
            }
        }

        inProgress.Remove(node);
        memo[node] = result;
        return result;
    }

    /// <summary>True for a data source address, in any module (<c>module.a.data.x.y</c>; a module may itself be called <c>data</c>).</summary>
    internal static bool IsDataAddress(string address)
    {
        var rest = address.AsSpan();
        while (rest.StartsWith("module."))
        {
            rest = rest["module.".Length..];
            var dot = rest.IndexOf('.');
            if (dot < 0)
            {
                return false;
            }

            rest = rest[(dot + 1)..];
        }

        return rest.StartsWith("data.");
    }

    private readonly SortedDictionary<string, string> moduleSources = new(StringComparer.Ordinal);

    /// <summary>Each module call's <c>source</c>, by module path (<c>module.db.module.replica</c>), as written in the call.</summary>
    public ImmutableSortedDictionary<string, string> ModuleSources => moduleSources.ToImmutableSortedDictionary(StringComparer.Ordinal);

    private void AddEdge(string from, string? to)
    {
        if (to is null)
        {
            return;
        }

        if (!outgoing.TryGetValue(from, out var targets))
        {
            outgoing[from] = targets = new List<string>(2);
        }

        if (targets.Count == 0 || !ReferenceEquals(targets[^1], to))
        {
            targets.Add(to);
        }
    }

    /// <param name="path">The module path with a trailing dot (<c>module.a.module.b.</c>), empty for the root.</param>
    private void ReadModule(ref Utf8JsonReader reader, Utf8JsonSource json, string path, SecretSet secrets, StringPool pool)
    {
        if (!json.EnterObject(ref reader))
        {
            return;
        }

        var modulePath = path.TrimEnd('.');
        var callNode = path.Length > 0 ? CallNode + modulePath : null;
        while (json.NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("resources"u8))
            {
                json.ToValue(ref reader);
                if (json.EnterArray(ref reader))
                {
                    while (json.NextItem(ref reader))
                    {
                        ReadResource(json.ReadEntry(ref reader, out _), path, modulePath, callNode, pool);
                    }
                }
            }
            else if (reader.ValueTextEquals("module_calls"u8))
            {
                json.ToValue(ref reader);
                if (json.EnterObject(ref reader))
                {
                    while (json.NextProperty(ref reader))
                    {
                        var call = reader.GetString()!;
                        json.ToValue(ref reader);
                        ReadModuleCall(ref reader, json, path, call, secrets, pool);
                    }
                }
            }
            else if (reader.ValueTextEquals("outputs"u8))
            {
                json.ToValue(ref reader);
                json.ForEachNamedEntry(ref reader, (output, entry) => ReadOutput(entry, path, modulePath, output, pool));
            }
            else if (reader.ValueTextEquals("variables"u8))
            {
                json.ToValue(ref reader);
                json.ForEachNamedEntry(ref reader, (variable, entry) => ReadVariable(entry, path, variable, secrets, pool));
            }
            else
            {
                json.Skip(ref reader);
            }
        }
    }

    /// <param name="callNode">The node of the module call the resource is in (its depends_on, count, for_each), null at the root.</param>
    private void ReadResource(ReadOnlySpan<byte> entry, string path, string modulePath, string? callNode, StringPool pool)
    {
        var reader = EntryJson.Open(entry);
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return;
        }

        string? node = null, mode = null, type = null;
        var name = default(Utf8JsonReader);
        var hasName = false;
        var targets = resourceTargets;
        targets.Clear();
        while (EntryJson.NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("address"u8))
            {
                reader.Read();
                node = ReadNode(ref reader, path, pool);
            }
            else if (reader.ValueTextEquals("mode"u8))
            {
                reader.Read();
                mode = EntryJson.ReadString(ref reader, pool);
            }
            else if (reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                type = EntryJson.ReadString(ref reader, pool);
            }
            else if (reader.ValueTextEquals("name"u8))
            {
                // Kept as a position: the name is read only when the resource has no address.
                reader.Read();
                name = reader;
                hasName = true;
                reader.Skip();
            }
            else if (reader.ValueTextEquals("expressions"u8) || reader.ValueTextEquals("count_expression"u8) || reader.ValueTextEquals("for_each_expression"u8))
            {
                reader.Read();
                CollectReferences(ref reader, path, modulePath, targets, pool);
            }
            else if (reader.ValueTextEquals("depends_on"u8))
            {
                reader.Read();
                ReadReferences(ref reader, path, modulePath, targets, inExpression: false, pool);
            }
            else
            {
                EntryJson.SkipValue(ref reader);
            }
        }

        if (node is null && type is not null && hasName && EntryJson.ReadString(ref name) is { } resourceName)
        {
            node = NodeOf(path, mode == "data" ? $"data.{type}.{resourceName}" : $"{type}.{resourceName}", pool);
        }

        if (node is null)
        {
            return;
        }

        var managed = mode != "data" && !IsDataAddress(node);
        if (managed)
        {
            managedSet.Add(node);
        }

        if (callNode is not null)
        {
            targets.Add(callNode);
        }

        foreach (var target in targets)
        {
            if (managed)
            {
                resourceEdges.Add((node, target));
            }
            else
            {
                AddEdge(node, target);
            }
        }
    }

    /// <summary>The node of the address under the reader in the module at <paramref name="path"/> (instance keys removed), or null when it is not text.</summary>
    private string? ReadNode(ref Utf8JsonReader reader, string path, StringPool pool)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            return EntryJson.ReadString(ref reader) is { } text ? NodeOf(path, text, pool) : null;
        }

        return NodeOf(path, referenceText.Decode(ref reader), pool);
    }

    /// <summary>The node of an address in the module at <paramref name="path"/>: instance keys removed, shared through the pool.</summary>
    private string NodeOf(string path, ReadOnlySpan<char> address, StringPool pool) =>
        pool.Get(node.Clear().Append(path).Append(Strip(address)).Text);

    private void ReadModuleCall(ref Utf8JsonReader reader, Utf8JsonSource json, string path, string call, SecretSet secrets, StringPool pool)
    {
        if (!json.EnterObject(ref reader))
        {
            return;
        }

        var parentPath = path.TrimEnd('.');
        var childPath = path + "module." + call + ".";
        var childModulePath = childPath.TrimEnd('.');
        var callNode = CallNode + childModulePath;
        if (path.Length > 0)
        {
            // A nested module inherits its parent call's depends_on, count and for_each.
            AddEdge(callNode, CallNode + parentPath);
        }

        while (json.NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("module"u8))
            {
                json.ToValue(ref reader);
                ReadModule(ref reader, json, childPath, secrets, pool);
                continue;
            }

            if (reader.ValueTextEquals("source"u8))
            {
                json.ToValue(ref reader);
                if (reader.TokenType == JsonTokenType.String)
                {
                    moduleSources[childModulePath] = reader.GetString()!;
                }

                json.Skip(ref reader);
                continue;
            }

            var isArguments = reader.ValueTextEquals("expressions"u8);
            var isCallReferences = reader.ValueTextEquals("count_expression"u8) || reader.ValueTextEquals("for_each_expression"u8);
            var isDependsOn = reader.ValueTextEquals("depends_on"u8);
            json.ToValue(ref reader);
            if (!(isArguments || isCallReferences || isDependsOn))
            {
                json.Skip(ref reader);
                continue;
            }

            var entry = json.ReadEntry(ref reader, out _);
            var value = EntryJson.Open(entry);
            if (isArguments)
            {
                // Each argument feeds the module's variable of the same name; its references are in the caller's scope.
                ReadCallArguments(ref value, path, parentPath, childModulePath, pool);
            }
            else
            {
                var targets = new List<string>();
                if (isDependsOn)
                {
                    ReadReferences(ref value, path, parentPath, targets, inExpression: false, pool);
                }
                else
                {
                    CollectReferences(ref value, path, parentPath, targets, pool);
                }

                targets.ForEach(target => AddEdge(callNode, target));
            }
        }
    }

    private void ReadCallArguments(ref Utf8JsonReader reader, string path, string parentPath, string childModulePath, StringPool pool)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return;
        }

        while (EntryJson.NextProperty(ref reader))
        {
            var argument = reader.GetString()!;
            reader.Read();
            var targets = new List<string>();
            CollectReferences(ref reader, path, parentPath, targets, pool);
            foreach (var target in targets)
            {
                AddEdge(VariableNode + childModulePath + "." + argument, target);
            }
        }
    }

    private void ReadOutput(ReadOnlySpan<byte> entry, string path, string modulePath, string output, StringPool pool)
    {
        var reader = EntryJson.Open(entry);
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return;
        }

        var targets = new List<string>();
        while (EntryJson.NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("depends_on"u8))
            {
                reader.Read();
                ReadReferences(ref reader, path, modulePath, targets, inExpression: false, pool);
            }
            else if (reader.ValueTextEquals("expression"u8))
            {
                reader.Read();
                CollectReferences(ref reader, path, modulePath, targets, pool);
            }
            else
            {
                EntryJson.SkipValue(ref reader);
            }
        }

        if (path.Length == 0)
        {
            return;
        }

        var node = OutputNode + modulePath + "." + output;
        declaredOutputs.Add(node);
        foreach (var target in targets)
        {
            AddEdge(node, target);
        }
    }

    private void ReadVariable(ReadOnlySpan<byte> entry, string path, string variable, SecretSet secrets, StringPool pool)
    {
        var (sensitive, defaultValue) = EntryJson.ReadSensitiveValue(entry, "default"u8, pool);
        if (!sensitive)
        {
            return;
        }

        if (path.Length == 0)
        {
            sensitiveRootVariables.Add(variable);
        }

        // The configuration writes a sensitive variable's default in plain text.
        if (defaultValue is not null)
        {
            secrets.AddAll(defaultValue);
        }
    }

    /// <summary>Resolves every string of every <c>references</c> array below the current value (nested blocks included) into <paramref name="targets"/>.</summary>
    private void CollectReferences(ref Utf8JsonReader reader, string path, string modulePath, List<string> targets, StringPool pool)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                while (EntryJson.NextProperty(ref reader))
                {
                    var isReferences = reader.ValueTextEquals("references"u8);
                    reader.Read();
                    if (isReferences)
                    {
                        ReadReferences(ref reader, path, modulePath, targets, inExpression: true, pool);
                    }
                    else
                    {
                        CollectReferences(ref reader, path, modulePath, targets, pool);
                    }
                }

                break;
            case JsonTokenType.StartArray:
                while (EntryJson.NextItem(ref reader))
                {
                    CollectReferences(ref reader, path, modulePath, targets, pool);
                }

                break;
            default:
                reader.Skip();
                break;
        }
    }

    /// <summary>
    /// Resolves the list of references under the reader (an expression's <c>references</c>, or a <c>depends_on</c>)
    /// into the nodes they lead to; references that lead to no resource add nothing.
    /// </summary>
    private void ReadReferences(ref Utf8JsonReader reader, string path, string modulePath, List<string> targets, bool inExpression, StringPool pool)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return;
        }

        var references = referenceText;
        references.Clear();
        while (EntryJson.NextItem(ref reader))
        {
            references.Add(ref reader);
        }

        var dropPrefixes = inExpression && references.AnyStartsWith("module.");
        for (var i = 0; i < references.Count; i++)
        {
            if (dropPrefixes && IsModulePrefixOfAnother(references, i))
            {
                continue;
            }

            if (ResolveReference(path, modulePath, references[i], pool) is { } target)
            {
                targets.Add(target);
            }
        }
    }

    /// <summary>
    /// Terraform lists a reference together with its prefixes (<c>module.db.endpoint</c> and <c>module.db</c>).
    /// The bare <c>module.db</c> would stand for the whole module, so it is dropped when a reference in the
    /// same expression names one of its outputs.
    /// </summary>
    private bool IsModulePrefixOfAnother(ReferenceList references, int index)
    {
        var reference = references[index];
        if (!reference.StartsWith("module.") || DotsWithoutKeys(reference) != 1)
        {
            return false;
        }

        for (var i = 0; i < references.Count; i++)
        {
            var other = references[i];
            if (other.Length > reference.Length && other.StartsWith(reference) && DotsWithoutKeys(other) >= 2)
            {
                return true;
            }
        }

        return false;
    }

    private int DotsWithoutKeys(ReadOnlySpan<char> reference) => Strip(reference).Count('.');

    /// <summary>The node a reference leads to in the module at <paramref name="path"/>, or null when it leads to no resource.</summary>
    /// <remarks>
    /// After removing instance keys, the reference is split on dots: <c>data.TYPE.NAME…</c> is a data source,
    /// <c>module.CALL.OUTPUT…</c> an output of a module call, a bare <c>module.CALL</c> the whole module, <c>var.V…</c>
    /// inside a module the argument of its call, the other roots (<c>local</c>, <c>each</c>, <c>count</c>, <c>path</c>,
    /// <c>self</c>, <c>terraform</c>, root <c>var</c>) nothing, and
    /// <c>TYPE.NAME…</c> a managed resource of the same module.
    /// </remarks>
    internal string? ResolveReference(string path, string modulePath, ReadOnlySpan<char> reference, StringPool pool)
    {
        var text = Strip(reference);
        var parts = 1;
        ReadOnlySpan<char> first = text, second = default, third = default;
        if (text.IndexOf('.') is var firstDot and >= 0)
        {
            first = text[..firstDot];
            second = text[(firstDot + 1)..];
            parts = 2;
            if (second.IndexOf('.') is var secondDot and >= 0)
            {
                third = second[(secondDot + 1)..];
                second = second[..secondDot];
                third = third.IndexOf('.') is var thirdDot and >= 0 ? third[..thirdDot] : third;
                parts = 3;
            }
        }

        return first switch
        {
            "data" when parts == 3 => pool.Get(node.Clear().Append(path).Append("data.").Append(second).Append(".").Append(third).Text),
            "module" when parts == 3 => pool.Get(node.Clear().Append(OutputNode).Append(path).Append("module.").Append(second).Append(".").Append(third).Text),
            "module" when parts == 2 => pool.Get(node.Clear().Append(ModuleNode).Append(path).Append("module.").Append(second).Text),
            "var" when parts >= 2 && path.Length > 0 => pool.Get(node.Clear().Append(VariableNode).Append(modulePath).Append(".").Append(second).Text),
            "local" or "each" or "count" or "path" or "self" or "terraform" or "var" or "module" or "data" => null,
            _ when parts >= 2 && !first.IsEmpty && !second.IsEmpty => pool.Get(node.Clear().Append(path).Append(first).Append(".").Append(second).Text),
            _ => null,
        };
    }

    /// <summary>The reference without its instance keys (in a buffer reused by the next call).</summary>
    private ReadOnlySpan<char> Strip(ReadOnlySpan<char> reference)
    {
        if (!reference.Contains('['))
        {
            return reference;
        }

        if (strippedText.Length < reference.Length)
        {
            strippedText = new char[reference.Length];
        }

        return strippedText.AsSpan(0, AddressScheme.StripTerraformInstanceKeys(reference, strippedText));
    }
}
