using System.Text;
using PlanReview.Core.Analysis;
using PlanReview.Readers;
using PlanReview.Rules.Tests.Support;

namespace PlanReview.Rules.Tests;

/// <summary>
/// The examples of every rule page run (Meziantou's trick): each <c>json non-compliant</c> block, read
/// like a real plan file, must make the page's rule fire, and each <c>json compliant</c> block must not.
/// Docs cannot rot without a test failing.
/// </summary>
public sealed class RuleDocExamplesTests
{
    private static readonly HashSet<string> EngineRuleIds =
        BuiltInRules.All.SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).ToHashSet(StringComparer.Ordinal);

    public static TheoryData<string, int> Examples()
    {
        var data = new TheoryData<string, int>();
        foreach (var page in RuleDocs.All)
        {
            for (var i = 0; i < page.Examples.Length; i++)
            {
                data.Add(page.Id, i);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Example_behaves_as_the_page_says(string id, int index)
    {
        var page = RuleDocs.All.Single(p => p.Id == id);
        var block = page.Examples[index];
        var source = $"{id}.md#{index}";
        Assert.True(EngineRuleIds.Contains(id), $"{source}: only pages of built-in plan rules can have executable examples, and {id} is not one");

        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(block.Text));
        var plan = PlanLoader.Default.Load(stream, source);
        var result = RuleTester.Run(plan);

        Assert.DoesNotContain(result.Diagnostics, d => d.Id == RuleIds.AnalyzerFailed);
        var fired = result.Diagnostics.Where(d => d.Id == id).Select(d => d.Message).ToArray();
        if (block.Arguments == RulePage.NonCompliant)
        {
            Assert.True(fired.Length > 0, $"{source} (line {block.Line}) is marked non-compliant but {id} does not fire on it");
        }
        else
        {
            Assert.True(fired.Length == 0, $"{source} (line {block.Line}) is marked compliant but {id} fires: {string.Join(" | ", fired)}");
        }
    }

    [Fact]
    public void Every_plan_rule_page_shows_both_kinds_of_example()
    {
        var missing = RuleDocs.All
            .Where(p => EngineRuleIds.Contains(p.Id))
            .Where(p => !p.Examples.Any(b => b.Arguments == RulePage.NonCompliant) || !p.Examples.Any(b => b.Arguments == RulePage.Compliant))
            .Select(p => p.Id)
            .ToArray();

        Assert.True(missing.Length == 0, "pages without a `json non-compliant` and a `json compliant` example: " + string.Join(", ", missing));
    }

    [Fact]
    public void The_pages_were_found()
    {
        // Guards the theory above: with no pages found it would pass vacuously.
        Assert.NotEmpty(RuleDocs.All);
        Assert.NotEmpty(Examples());
    }
}
