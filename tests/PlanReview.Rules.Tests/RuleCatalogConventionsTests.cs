using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using PlanReview.Core.Analysis;
using PlanReview.GitHub.Rules;
using PlanReview.Rules.Tests.Support;

namespace PlanReview.Rules.Tests;

/// <summary>
/// Walks the whole rule catalog: the engine's descriptors (built-in rules and the engine's own), plus
/// the descriptors the GitHub Action reports about pull requests. Every check is generic, so a new
/// rule or a new hundred-block is held to the same conventions without editing this file.
/// </summary>
public sealed partial class RuleCatalogConventionsTests
{
    private static readonly string[] RequiredSections = ["Cause", "Why it matters", "How to fix", "When to suppress", "Configuration", "Examples"];

    private static readonly DiagnosticDescriptor[] Catalog =
        BuiltInRules.CreateEngine().Descriptors.Concat(GitHubDiagnostics.All).Distinct().OrderBy(d => d.Id, StringComparer.Ordinal).ToArray();

    public static TheoryData<string> Ids() => new(Catalog.Select(d => d.Id));

    [Fact]
    public void Ids_are_unique_and_well_formed()
    {
        Assert.Empty(Catalog.GroupBy(d => d.Id).Where(g => g.Count() > 1).Select(g => g.Key));
        Assert.All(Catalog, d => Assert.Matches(IdPattern(), d.Id));
    }

    [Fact]
    public void Every_RuleIds_constant_is_used_by_exactly_one_descriptor_and_every_descriptor_by_a_constant()
    {
        var constants = typeof(RuleIds).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f is { IsLiteral: true } && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToArray();

        Assert.Empty(constants.GroupBy(c => c).Where(g => g.Count() > 1).Select(g => g.Key));
        Assert.All(constants, id => Assert.True(Catalog.Count(d => d.Id == id) == 1, $"RuleIds constant {id} is used by {Catalog.Count(d => d.Id == id)} descriptors"));
        Assert.All(Catalog, d => Assert.Contains(d.Id, constants));
    }

    [Fact]
    public void Every_doc_page_has_a_descriptor()
    {
        var ids = Catalog.Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
        var orphans = RuleDocs.All.Select(p => p.Id).Where(id => !ids.Contains(id)).ToArray();
        Assert.True(orphans.Length == 0, "doc pages without a descriptor: " + string.Join(", ", orphans));
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Descriptor_is_in_its_hundred_block_and_links_to_its_page(string id)
    {
        var descriptor = Descriptor(id);
        var allowed = id[3] switch
        {
            '1' => ["Destructive"],
            '2' => ["Protection"],
            '3' => ["Scope"],
            '4' => ["Security"],
            '5' => ["Provenance"],
            '9' => new[] { "Integrity", "Configuration" },
            _ => [],
        };

        Assert.Contains(descriptor.Category, allowed);
        Assert.EndsWith($"docs/rules/{id}.md", descriptor.HelpLinkUri, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(descriptor.Title));
        Assert.False(string.IsNullOrWhiteSpace(descriptor.Description));
        Assert.NotEqual(Severity.None, descriptor.DefaultSeverity);
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Message_is_a_plain_sentence_that_formats(string id)
    {
        var format = Descriptor(id).MessageFormat;

        // The reports escape text themselves: Markdown in a message would show up as literal backticks.
        Assert.DoesNotContain('`', format);
        Assert.DoesNotContain("**", format, StringComparison.Ordinal);
        Assert.False(format.EndsWith('.'), $"{id}: a message is one sentence without a final period");
        var formatted = string.Format(CultureInfo.InvariantCulture, format, Enumerable.Range(0, 10).Select(i => (object)$"<{i}>").ToArray());
        Assert.DoesNotContain('{', formatted);
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Doc_page_exists_with_title_subtitle_and_sections(string id)
    {
        var descriptor = Descriptor(id);
        var page = RuleDocs.All.SingleOrDefault(p => p.Id == id);
        Assert.True(page is not null, $"docs/rules/{id}.md is missing");

        Assert.Equal($"{id}: {descriptor.Title}", page.Heading);
        var severity = descriptor.DefaultSeverity.ToWireName();
        var enabled = descriptor.IsEnabledByDefault ? "Enabled" : "Disabled";
        Assert.Equal($"Category: {descriptor.Category} · Default severity: {severity} · {enabled} by default", page.SubtitleLine);
        Assert.Equal(RequiredSections, page.Sections);
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Doc_page_shows_how_to_configure_and_suppress(string id)
    {
        var page = RuleDocs.All.SingleOrDefault(p => p.Id == id);
        Assert.True(page is not null, $"docs/rules/{id}.md is missing");

        Assert.Contains(id, page.SectionText("Configuration"), StringComparison.Ordinal);
        if (!EngineDiagnostics.All.Any(d => d.Id == id))
        {
            var suppress = page.SectionText("When to suppress");
            Assert.Contains("suppressions:", suppress, StringComparison.Ordinal);
            Assert.Contains($"rule: {id}", suppress, StringComparison.Ordinal);
            Assert.Contains("justification:", suppress, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Every_built_in_rule_is_a_sealed_class_named_after_its_id_in_its_category_folder()
    {
        foreach (var analyzer in BuiltInRules.All)
        {
            var type = analyzer.GetType();
            var descriptor = Assert.Single(analyzer.SupportedDiagnostics);
            Assert.True(type.IsSealed, $"{type.Name} must be sealed");
            Assert.StartsWith(descriptor.Id, type.Name, StringComparison.Ordinal);
            Assert.Equal($"PlanReview.Rules.{descriptor.Category}", type.Namespace);
            Assert.True(File.Exists(Path.Combine(RepoPaths.RulesSource, descriptor.Category, type.Name + ".cs")), $"{type.Name} must live in src/PlanReview.Rules/{descriptor.Category}/{type.Name}.cs");

            var field = type.GetField("Rule", BindingFlags.Public | BindingFlags.Static);
            Assert.True(field is { IsInitOnly: true } && field.GetValue(null) == (object)descriptor, $"{type.Name} must declare `public static readonly DiagnosticDescriptor Rule`");
        }
    }

    private static DiagnosticDescriptor Descriptor(string id) => Catalog.Single(d => d.Id == id);

    [GeneratedRegex(@"^PRV\d{3}$")]
    private static partial Regex IdPattern();
}
