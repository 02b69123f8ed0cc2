using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Markdig;
using Markdig.Renderers;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using PlanReview.Reporting.Markdown;
using PlanReview.Reporting.Merge;
using PlanReview.Reporting.Model;

namespace PlanReview.Reporting.Html;

/// <summary>How the HTML page is rendered.</summary>
public sealed record HtmlOptions
{
    public string ToolVersion { get; init; } = ToolInfo.Version;

    /// <summary>The blast-radius list can be longer on a page than in a comment.</summary>
    public int MaxGraphNodes { get; init; } = 200;
}

/// <summary>
/// The standalone page (<c>--html FILE</c>) for a workflow artifact: the full Markdown report (no size
/// budget) rendered by Markdig inside a self-contained template. No script, no font, no external
/// request; a Content-Security-Policy says so to the browser as well. Plan text never becomes HTML: it is
/// only ever in code spans, and if the parsed report holds any HTML other than our own
/// <c>details</c>/<c>summary</c>/<c>sub</c> tags, the page is rendered with raw HTML disabled.
/// </summary>
public static partial class HtmlReportWriter
{
    private static readonly HashSet<string> OwnInlineTags = new(StringComparer.Ordinal)
    {
        "<details>", "</details>", "<summary>", "</summary>", "<sub>", "</sub>",
    };

    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UsePipeTables().Build();

    private static readonly MarkdownPipeline NoHtmlPipeline = new MarkdownPipelineBuilder().UsePipeTables().DisableHtml().Build();

    public static string Render(Report report, HtmlOptions options)
    {
        var markdown = MarkdownReport.Render(report, new MarkdownOptions
        {
            MaxLength = int.MaxValue,
            QuietWhenSafe = false,
            MermaidGraph = false,
            MaxGraphNodes = options.MaxGraphNodes,
            ToolVersion = options.ToolVersion,
        });
        var body = RenderBody(markdown);

        var page = new StringBuilder(body.Length + 8_192);
        page.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        page.Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'\">\n");
        page.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        page.Append("<meta name=\"generator\" content=\"").Append(WebUtility.HtmlEncode($"{ToolInfo.Name} {options.ToolVersion}")).Append("\">\n");
        page.Append("<title>").Append(WebUtility.HtmlEncode(Title(report))).Append("</title>\n");
        page.Append("<style>\n").Append(Css).Append("</style>\n</head>\n");
        page.Append("<body class=\"").Append(report.Decision.ApprovalRequired ? "verdict-approval" : "verdict-ok").Append("\">\n");
        page.Append("<header><div class=\"brand\">PlanReview</div><div class=\"plans\">");
        var stacks = StackNames.For(report);
        page.Append(string.Join(" · ", report.Plans.Select(p => WebUtility.HtmlEncode($"{p.Format} {PlanName(p, stacks)}"))));
        page.Append("</div></header>\n<main>\n").Append(body).Append("</main>\n</body>\n</html>\n");
        return page.ToString();
    }

    /// <summary>The page title: the verdict and the plan files, as text (the writer HTML-encodes it).</summary>
    public static string Title(Report report)
    {
        var verdict = report.Decision.ApprovalRequired ? "approval required" : report.Destructive.Any() ? "within policy" : "no destructive change";
        var stacks = StackNames.For(report);
        var files = string.Join(", ", report.Plans.Select(p => PlanName(p, stacks)));
        return $"PlanReview: {verdict}" + (files.Length == 0 ? string.Empty : $" ({files})");
    }

    /// <summary>A plan as the page names it: its stack in a merged report (every job's file may be <c>plan.json</c>), else its file name.</summary>
    private static string PlanName(ReportPlan plan, StackNames stacks) => stacks.Of(plan.Path) ?? Path.GetFileName(plan.Path);

    internal static string RenderBody(string markdown)
    {
        var document = Markdig.Markdown.Parse(markdown, Pipeline);
        var pipeline = Pipeline;
        if (!OnlyOwnHtml(document))
        {
            // Defence in depth: the Markdown writer never lets plan text become HTML, but if it ever did,
            // the page shows every tag as text rather than trusting it.
            pipeline = NoHtmlPipeline;
            document = Markdig.Markdown.Parse(markdown, pipeline);
        }

        UnescapePipesInTableCode(document);
        using var writer = new StringWriter { NewLine = "\n" };
        var renderer = new HtmlRenderer(writer);
        pipeline.Setup(renderer);
        renderer.Render(document);
        writer.Flush();
        return writer.ToString();
    }

    /// <summary>
    /// GFM turns <c>\|</c> inside a code span in a table cell back into <c>|</c> (spec example 200); Markdig
    /// keeps the backslash, so the page would show it. Done here so the page matches GitHub.
    /// </summary>
    private static void UnescapePipesInTableCode(MarkdownDocument document)
    {
        foreach (var cell in document.Descendants<Markdig.Extensions.Tables.TableCell>())
        {
            foreach (var code in cell.Descendants<CodeInline>())
            {
                code.Content = code.Content.Replace("\\|", "|", StringComparison.Ordinal);
            }
        }
    }

    internal static bool OnlyOwnHtml(MarkdownDocument document) =>
        document.Descendants<HtmlInline>().All(h => OwnInlineTags.Contains(h.Tag))
        && document.Descendants<HtmlBlock>().All(b => b.Lines.ToString().Split('\n').All(line => OwnHtmlLine().IsMatch(line)));

    /// <summary>A line of an HTML block made of our tags and plain text (no other markup, no entities).</summary>
    [GeneratedRegex("^(</?(details|summary|sub)>|[^<>&])*$", RegexOptions.CultureInvariant)]
    private static partial Regex OwnHtmlLine();

    private const string Css = """
        :root { color-scheme: light; --fg: #1f2328; --muted: #59636e; --border: #d1d9e0; --subtle: #f6f8fa; --accent: #0969da;
                --danger: #cf222e; --danger-bg: #ffebe9; --ok: #1a7f37; --ok-bg: #dafbe1; }
        * { box-sizing: border-box; }
        html { -webkit-text-size-adjust: 100%; }
        body { margin: 0; background: #eef1f4; color: var(--fg); font: 15px/1.55 -apple-system, BlinkMacSystemFont, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif; }
        header { display: flex; align-items: baseline; gap: 16px; padding: 14px 32px; background: #24292f; color: #fff; }
        header .brand { font-weight: 700; font-size: 17px; letter-spacing: .2px; }
        header .plans { color: #c9d1d9; font-size: 13px; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; overflow-wrap: anywhere; }
        main { max-width: 1180px; margin: 24px auto 48px; padding: 8px 36px 28px; background: #fff; border: 1px solid var(--border); border-radius: 10px;
               box-shadow: 0 1px 3px rgba(31,35,40,.08); }
        main > h3:first-child { margin: -8px -36px 18px; padding: 16px 36px; font-size: 22px; border-bottom: 1px solid var(--border); border-radius: 10px 10px 0 0; }
        .verdict-approval main > h3:first-child { background: var(--danger-bg); color: #82071e; border-left: 6px solid var(--danger); }
        .verdict-ok main > h3:first-child { background: var(--ok-bg); color: #116329; border-left: 6px solid var(--ok); }
        h4 { margin: 28px 0 10px; padding-bottom: 6px; font-size: 17px; border-bottom: 1px solid var(--border); }
        p, ul { margin: 0 0 12px; }
        ul { padding-left: 24px; }
        li { margin: 3px 0; }
        li > ul { margin: 2px 0 0; }
        a { color: var(--accent); text-decoration: none; font-weight: 600; }
        a:hover { text-decoration: underline; }
        code { padding: .15em .4em; font: 12.5px/1.5 ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; background: rgba(129,139,152,.14);
               border-radius: 5px; overflow-wrap: anywhere; white-space: pre-wrap; }
        pre { padding: 12px 14px; overflow: auto; background: var(--subtle); border: 1px solid var(--border); border-radius: 6px; }
        pre code { padding: 0; background: none; white-space: pre; }
        table { width: 100%; margin: 0 0 16px; border-collapse: collapse; font-size: 14px; display: block; overflow-x: auto; }
        th, td { padding: 7px 12px; border: 1px solid var(--border); text-align: left; vertical-align: top; }
        th { background: var(--subtle); font-weight: 600; white-space: nowrap; }
        td code { overflow-wrap: break-word; white-space: normal; }
        td:nth-child(2) code { overflow-wrap: anywhere; white-space: pre-wrap; }
        tr:nth-child(2n) td { background: #fbfcfd; }
        details { margin: 12px 0 16px; padding: 8px 14px; border: 1px solid var(--border); border-radius: 6px; background: var(--subtle); }
        details[open] { background: #fff; }
        summary { cursor: pointer; font-weight: 600; color: var(--fg); }
        details > :not(summary) { margin-top: 10px; }
        sub { display: block; margin-top: 28px; padding-top: 12px; border-top: 1px solid var(--border); color: var(--muted); font-size: 12.5px; vertical-align: baseline; }
        strong { font-weight: 600; }

        """;
}
