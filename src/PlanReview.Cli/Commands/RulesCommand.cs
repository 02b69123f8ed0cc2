using System.CommandLine;
using PlanReview.Core.Analysis;

namespace PlanReview.Cli.Commands;

/// <summary><c>planreview rules [ID]</c>: the rule catalog, or one rule's documentation page.</summary>
public static class RulesCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var id = new Argument<string?>("id") { Arity = ArgumentArity.ZeroOrOne, Description = "A rule id such as PRV101: print its documentation." };
        var command = new Command("rules", "List the rules, or print one rule's documentation.") { id };
        command.SetAction(parse =>
        {
            var descriptors = PlanAnalysis.SharedEngine.Descriptors;
            var wanted = parse.GetValue(id);
            if (wanted is null)
            {
                WriteCatalog(descriptors, stdout);
                return CliApplication.ExitOk;
            }

            var descriptor = descriptors.FirstOrDefault(d => string.Equals(d.Id, wanted, StringComparison.OrdinalIgnoreCase));
            if (descriptor is null)
            {
                stderr.WriteLine($"planreview: no rule '{wanted}'; run `planreview rules` for the catalog");
                return CliApplication.ExitUnusable;
            }

            stdout.Write(ReadDocPage(descriptor));
            return CliApplication.ExitOk;
        });
        return command;
    }

    private static void WriteCatalog(IEnumerable<DiagnosticDescriptor> descriptors, TextWriter stdout)
    {
        var rows = descriptors.Select(d => (d.Id, Severity: d.DefaultSeverity.ToWireName(), d.Category, d.Title)).ToList();
        var severityWidth = Math.Max(8, rows.Max(r => r.Severity.Length));
        var categoryWidth = Math.Max(8, rows.Max(r => r.Category.Length));
        stdout.WriteLine($"{"ID",-6}  {"SEVERITY".PadRight(severityWidth)}  {"CATEGORY".PadRight(categoryWidth)}  TITLE");
        foreach (var (ruleId, severity, category, title) in rows)
        {
            stdout.WriteLine($"{ruleId,-6}  {severity.PadRight(severityWidth)}  {category.PadRight(categoryWidth)}  {title}");
        }

        stdout.WriteLine();
        stdout.WriteLine("`planreview rules ID` prints a rule's documentation.");
    }

    /// <summary>The rule's page from docs/rules, embedded in the executable at build time.</summary>
    private static string ReadDocPage(DiagnosticDescriptor descriptor)
    {
        using var stream = typeof(RulesCommand).Assembly.GetManifestResourceStream($"PlanReview.Docs.Rules.{descriptor.Id}.md");
        if (stream is null)
        {
            return $"# {descriptor.Id}: {descriptor.Title}\n\n{descriptor.Description}\n\nSee {descriptor.HelpLinkUri}\n";
        }

        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
