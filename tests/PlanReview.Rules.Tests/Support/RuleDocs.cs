using System.Collections.Immutable;
using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace PlanReview.Rules.Tests.Support;

/// <summary>A fenced block of a rule page: its info string (<c>json</c>), arguments (<c>non-compliant</c>) and text.</summary>
public sealed record DocBlock(string Info, string Arguments, string Text, int Line);

/// <summary>One rule page, parsed with Markdig: its title line, the line under it, its sections and its fenced blocks.</summary>
public sealed record RulePage(string Id, string Path, string? Heading, string? SubtitleLine, ImmutableArray<string> Sections, ImmutableArray<DocBlock> Blocks)
{
    public const string NonCompliant = "non-compliant";
    public const string Compliant = "compliant";

    /// <summary>The executable examples: <c>json non-compliant</c> and <c>json compliant</c> blocks, in page order.</summary>
    public ImmutableArray<DocBlock> Examples => Blocks
        .Where(b => b.Info == "json" && b.Arguments is NonCompliant or Compliant)
        .ToImmutableArray();

    /// <summary>The Markdown text of one H2 section (up to the next H2), for content checks.</summary>
    public string SectionText(string section)
    {
        var lines = File.ReadAllLines(Path);
        var start = Array.FindIndex(lines, l => l.Trim() == "## " + section);
        if (start < 0)
        {
            return string.Empty;
        }

        var end = Array.FindIndex(lines, start + 1, l => l.StartsWith("## ", StringComparison.Ordinal));
        return string.Join('\n', lines[(start + 1)..(end < 0 ? lines.Length : end)]);
    }
}

public static class RuleDocs
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().Build();

    /// <summary>Every <c>docs/rules/*.md</c> page, sorted by file name.</summary>
    public static ImmutableArray<RulePage> All { get; } = Directory.Exists(RepoPaths.RuleDocs)
        ? Directory.EnumerateFiles(RepoPaths.RuleDocs, "*.md").Order(StringComparer.Ordinal).Select(Parse).ToImmutableArray()
        : [];

    public static RulePage Parse(string path)
    {
        var text = File.ReadAllText(path);
        var document = Markdown.Parse(text, Pipeline);
        var heading = document.OfType<HeadingBlock>().FirstOrDefault(h => h.Level == 1);
        var subtitle = document.Count > 1 && document[0] is HeadingBlock && document[1] is ParagraphBlock p
            ? text.Substring(p.Span.Start, p.Span.Length).Split('\n')[0].TrimEnd('\r')
            : null;
        var sections = document.OfType<HeadingBlock>().Where(h => h.Level == 2).Select(InlineText).ToImmutableArray();
        var blocks = document.Descendants<FencedCodeBlock>()
            .Select(b => new DocBlock(b.Info ?? string.Empty, b.Arguments ?? string.Empty, b.Lines.ToString(), b.Line + 1))
            .ToImmutableArray();
        return new RulePage(System.IO.Path.GetFileNameWithoutExtension(path), path, heading is null ? null : InlineText(heading), subtitle, sections, blocks);
    }

    private static string InlineText(LeafBlock block) =>
        block.Inline is null ? string.Empty : string.Concat(block.Inline.Descendants<LiteralInline>().Select(l => l.Content.ToString()));
}
