using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using PlanReview.Core.Model;
using PlanReview.Reporting.Merge;
using PlanReview.Reporting.Model;

namespace PlanReview.Reporting.Markdown;

/// <summary>
/// The blast radius as a graph: destroyed and replaced resources and what depends on them, capped at
/// a readable number of nodes. Rendered as a Mermaid flowchart (GitHub draws it) and as a nested list
/// for clients that do not. Node ids are generated (<c>n1</c>, <c>n2</c>…) so no plan text is ever
/// Mermaid syntax; labels go through <see cref="Label"/>. In a report of several stacks, nodes are
/// keyed by plan and address (two stacks may destroy the same address) and drawn grouped by stack.
/// </summary>
public sealed class BlastRadiusGraph
{
    /// <summary>Past this many nodes a diagram stops being readable; the rest become one "N more" node.</summary>
    public const int DefaultMaxNodes = 40;

    private const int MaxLabelChars = 80;

    private const int MaxTreeDepth = 8;

    private readonly ImmutableArray<GraphNode> nodes;

    private readonly ImmutableArray<(int From, int To)> edges;

    private readonly StackNames stacks;

    private BlastRadiusGraph(ImmutableArray<GraphNode> nodes, ImmutableArray<(int From, int To)> edges, int omitted, bool hasEdges, StackNames stacks)
    {
        HasEdges = hasEdges;
        this.nodes = nodes;
        this.edges = edges;
        this.stacks = stacks;
        Omitted = omitted;
    }

    /// <summary>What a node stands for; decides its style.</summary>
    public enum NodeKind
    {
        Destroyed,
        Replaced,
        Dependent,
    }

    /// <summary>One node; <see cref="Index"/> is its position (its id is <c>n{Index + 1}</c>).</summary>
    public sealed record GraphNode(int Index, string Plan, string Address, NodeKind Kind);

    public ImmutableArray<GraphNode> Nodes => nodes;

    /// <summary>Nodes left out because of the cap.</summary>
    public int Omitted { get; }

    /// <summary>True when there is something worth drawing: at least one destroyed or replaced resource has a dependent.</summary>
    public bool HasEdges { get; }

    /// <summary>
    /// Picks the nodes, up to <paramref name="maxNodes"/>: each destroyed or replaced resource (those with
    /// dependents first, then report order) followed by its dependents, nearest first.
    /// </summary>
    public static BlastRadiusGraph Build(Report report, int maxNodes)
    {
        var roots = report.Destructive
            .Select(c => (c.Plan, c.Address, Kind: c.Action == ChangeAction.Replace ? NodeKind.Replaced : NodeKind.Destroyed))
            .DistinctBy(r => (r.Plan, r.Address))
            .ToList();
        var children = report.BlastRadius.Links
            .GroupBy(l => (l.Plan, l.Dependency))
            .ToDictionary(g => g.Key, g => g.Select(l => l.Dependent).Order(StringComparer.Ordinal).ToList());

        // Each root is followed by its own dependents (breadth first), and roots with dependents come first:
        // under the cap, a reviewer sees whole neighbourhoods rather than a column of unconnected boxes.
        var kinds = roots.ToDictionary(r => (r.Plan, r.Address), r => r.Kind);
        var order = new List<(string Plan, string Address, NodeKind Kind)>();
        var seen = new HashSet<(string Plan, string Address)>();
        foreach (var root in roots.OrderBy(r => children.ContainsKey((r.Plan, r.Address)) ? 0 : 1))
        {
            if (!seen.Add((root.Plan, root.Address)))
            {
                continue;
            }

            order.Add(root);
            var queue = new Queue<(string Plan, string Address)>([(root.Plan, root.Address)]);
            while (queue.Count > 0)
            {
                var current = queue.Dequeue();
                if (!children.TryGetValue(current, out var dependents))
                {
                    continue;
                }

                foreach (var dependent in dependents)
                {
                    if (seen.Add((current.Plan, dependent)))
                    {
                        order.Add((current.Plan, dependent, kinds.GetValueOrDefault((current.Plan, dependent), NodeKind.Dependent)));
                        queue.Enqueue((current.Plan, dependent));
                    }
                }
            }
        }

        var kept = order.Take(Math.Max(0, maxNodes)).Select((n, i) => new GraphNode(i, n.Plan, n.Address, n.Kind)).ToImmutableArray();
        var index = kept.ToDictionary(n => (n.Plan, n.Address), n => n.Index);
        var edges = report.BlastRadius.Links
            .Where(l => index.ContainsKey((l.Plan, l.Dependency)) && index.ContainsKey((l.Plan, l.Dependent)))
            .Select(l => (From: index[(l.Plan, l.Dependency)], To: index[(l.Plan, l.Dependent)]))
            .Distinct()
            .OrderBy(e => e.From)
            .ThenBy(e => e.To)
            .ToImmutableArray();
        return new BlastRadiusGraph(kept, edges, order.Count - kept.Length, !report.BlastRadius.Links.IsEmpty, StackNames.For(report));
    }

    /// <summary>The Mermaid block, fence included. Arrows point from a resource to what depends on it.</summary>
    public string ToMermaid()
    {
        var md = new StringBuilder();
        md.Append("```mermaid\nflowchart LR\n");
        md.Append("  classDef destroyed fill:#ffebe9,stroke:#cf222e,color:#82071e,stroke-width:2px\n");
        md.Append("  classDef replaced fill:#fff8c5,stroke:#9a6700,color:#633c01,stroke-width:2px\n");
        md.Append("  classDef dependent fill:#ddf4ff,stroke:#0969da,color:#0a3069\n");
        md.Append("  classDef more fill:#f6f8fa,stroke:#8c959f,color:#57606a,stroke-dasharray:4 3\n");
        if (stacks.AreShown)
        {
            // A node belongs to the subgraph it is first written in: one box per stack, titled with its name.
            foreach (var (stack, i) in ByStack().Select((g, i) => (g, i)))
            {
                md.Append("  subgraph s").Append((i + 1).ToString(CultureInfo.InvariantCulture)).Append("[\"").Append(Label(stack.Key)).Append("\"]\n");
                foreach (var node in stack)
                {
                    AppendNode(md, node, "    ");
                }

                md.Append("  end\n");
            }
        }
        else
        {
            foreach (var node in nodes)
            {
                AppendNode(md, node, "  ");
            }
        }

        if (Omitted > 0)
        {
            md.Append("  more[\"").Append(Label($"… {Omitted.ToString(CultureInfo.InvariantCulture)} more")).Append("\"]\n");
        }

        foreach (var (from, to) in edges)
        {
            md.Append("  ").Append(Id(from)).Append(" --> ").Append(Id(to)).Append('\n');
        }

        foreach (var kind in new[] { NodeKind.Destroyed, NodeKind.Replaced, NodeKind.Dependent })
        {
            var ids = nodes.Where(n => n.Kind == kind).Select(n => Id(n.Index)).ToList();
            if (ids.Count > 0)
            {
                md.Append("  class ").Append(string.Join(",", ids)).Append(' ').Append(kind.ToString().ToLowerInvariant()).Append('\n');
            }
        }

        if (Omitted > 0)
        {
            md.Append("  class more more\n");
        }

        md.Append("```\n");
        return md.ToString();
    }

    /// <summary>
    /// The same graph as a nested Markdown list (each resource a code span), for clients without Mermaid.
    /// A resource reached twice is listed once and referred to the second time. In a report of several
    /// stacks, the roots are listed under an item naming their stack.
    /// </summary>
    public string ToTextTree()
    {
        var children = edges.GroupBy(e => e.From).ToDictionary(g => g.Key, g => g.Select(e => e.To).ToList());
        var md = new StringBuilder();
        var listed = new HashSet<int>();

        var indent = stacks.AreShown ? 1 : 0;

        void Walk(int index, int depth)
        {
            var node = nodes[index];
            md.Append(' ', (indent + depth) * 2).Append("- ");
            md.Append(node.Kind switch
            {
                NodeKind.Destroyed => "🗑️ destroy ",
                NodeKind.Replaced => "🔁 replace ",
                _ => string.Empty,
            });
            md.Append(MarkdownText.Code(node.Address, inTable: false));
            if (!listed.Add(index))
            {
                md.Append(" (listed above)\n");
                return;
            }

            md.Append('\n');
            if (!children.TryGetValue(index, out var next))
            {
                return;
            }

            if (depth + 1 >= MaxTreeDepth)
            {
                md.Append(' ', (indent + depth + 1) * 2).Append("- … ").Append(next.Count.ToString(CultureInfo.InvariantCulture)).Append(" deeper\n");
                return;
            }

            foreach (var child in next)
            {
                Walk(child, depth + 1);
            }
        }

        if (stacks.AreShown)
        {
            foreach (var stack in ByStack())
            {
                md.Append("- stack ").Append(MarkdownText.Code(stack.Key, inTable: false)).Append('\n');
                foreach (var root in stack.Where(n => n.Kind != NodeKind.Dependent))
                {
                    Walk(root.Index, 0);
                }
            }
        }
        else
        {
            foreach (var root in nodes.Where(n => n.Kind != NodeKind.Dependent))
            {
                Walk(root.Index, 0);
            }
        }

        if (Omitted > 0)
        {
            md.Append("- … ").Append(Omitted.ToString(CultureInfo.InvariantCulture)).Append(" more\n");
        }

        return md.ToString();
    }

    /// <summary>
    /// Escapes text for a quoted Mermaid label (<c>n1["…"]</c>). Everything but letters, digits, spaces and a
    /// few punctuation marks that are inert inside quotes becomes a Mermaid entity code (<c>#60;</c>), so a label cannot close
    /// its quotes or brackets, close the code fence (backticks), start Mermaid's Markdown strings, or
    /// reach the renderer as HTML. Line breaks and other control characters become visible escapes.
    /// </summary>
    public static string Label(string text)
    {
        var builder = new StringBuilder(text.Length + 16);
        foreach (var rune in text.EnumerateRunes())
        {
            var value = rune.Value;
            if (value < 0x80)
            {
                var c = (char)value;
                if (char.IsAsciiLetterOrDigit(c) || c is ' ' or '.' or '_' or '-' or '/' or ':' or ',' or '=' or '+' or '*' or '!' or '?' or '[' or ']' or '(' or ')')
                {
                    builder.Append(c);
                }
                else if (char.IsControl(c))
                {
                    builder.Append(c switch
                    {
                        '\n' => "\\n",
                        '\r' => "\\r",
                        '\t' => "\\t",
                        _ => $"\\u{value:x4}",
                    });
                }
                else
                {
                    builder.Append('#').Append(value.ToString(CultureInfo.InvariantCulture)).Append(';');
                }

                continue;
            }

            var category = Rune.GetUnicodeCategory(rune);
            if (Rune.IsControl(rune) || category is UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
                or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned)
            {
                builder.Append($"\\u{value:x4}");
            }
            else
            {
                builder.Append(rune.ToString());
            }
        }

        return builder.ToString();
    }

    private static void AppendNode(StringBuilder md, GraphNode node, string indent)
    {
        var prefix = node.Kind switch
        {
            NodeKind.Destroyed => "destroy: ",
            NodeKind.Replaced => "replace: ",
            _ => string.Empty,
        };
        md.Append(indent).Append(Id(node.Index)).Append("[\"").Append(Label(prefix + Shorten(node.Address))).Append("\"]\n");
    }

    /// <summary>The nodes grouped by stack name, stacks in the order their first node is drawn.</summary>
    private IEnumerable<IGrouping<string, GraphNode>> ByStack() => nodes.GroupBy(n => stacks.Of(n.Plan) ?? n.Plan, StringComparer.Ordinal);

    private static string Id(int index) => "n" + (index + 1).ToString(CultureInfo.InvariantCulture);

    /// <summary>Long addresses are cut in the middle: the start names the module, the end the resource.</summary>
    private static string Shorten(string address)
    {
        var runes = address.EnumerateRunes().ToList();
        if (runes.Count <= MaxLabelChars)
        {
            return address;
        }

        var half = (MaxLabelChars - 1) / 2;
        return string.Concat(runes.Take(half).Select(r => r.ToString())) + "…" + string.Concat(runes.Skip(runes.Count - half).Select(r => r.ToString()));
    }
}
