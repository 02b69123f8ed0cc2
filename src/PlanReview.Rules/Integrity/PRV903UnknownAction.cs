using System.Collections.Immutable;
using System.Text;
using PlanReview.Core.Analysis;
using PlanReview.Core.Model;

namespace PlanReview.Rules.Integrity;

/// <summary>PRV903: an action this version does not understand is reported, never guessed.</summary>
public sealed class PRV903UnknownAction : PlanAnalyzer
{
    /// <summary>A raw action longer than this is cut: it comes from the input and must not flood a report.</summary>
    private const int MaxRawActionLength = 60;

    public static readonly DiagnosticDescriptor Rule = new(
        RuleIds.UnknownAction,
        "Unknown action or unsupported format",
        "{0} has an action this version of PlanReview does not understand ({1}); it may destroy the object, review it by hand",
        "Integrity",
        Severity.Error,
        true,
        "A resource change carries an action that PlanReview cannot map to create, update, delete, replace, read, no-op or forget " +
        "(a newer tool version, a hand-edited file, an unsupported variant of the format). Guessing could hide a destroy, " +
        "so the change is reported as is and a human must review it; upgrade PlanReview if the tool is newer.");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Rule];

    public override void Initialize(AnalysisContext context)
    {
        context.RegisterResourceChangeAction(c =>
        {
            if (c.Change.Action == ChangeAction.Unknown)
            {
                c.ReportDiagnostic(Diagnostic.Create(Rule, c.Change.Address, c.Change.Key, Describe(c.Change.RawAction)));
            }
        }, ChangeAction.Unknown);
        context.RegisterPlanAction(c =>
        {
            foreach (var output in c.Plan.Outputs.Where(o => o.Action == ChangeAction.Unknown).OrderBy(o => o.Name, StringComparer.Ordinal))
            {
                c.ReportDiagnostic(Diagnostic.Create(Rule, null, $"output {output.Name}", "an action that is not create, update, delete or no-op"));
            }
        });
    }

    /// <summary>The raw action, printable and bounded; the text comes from the input file.</summary>
    private static string Describe(string rawAction)
    {
        if (string.IsNullOrWhiteSpace(rawAction))
        {
            return "no action given";
        }

        var text = new StringBuilder(Math.Min(rawAction.Length, MaxRawActionLength + 1));
        foreach (var ch in rawAction)
        {
            if (text.Length == MaxRawActionLength)
            {
                text.Append('…');
                break;
            }

            text.Append(char.IsControl(ch) ? ' ' : ch);
        }

        return $"\"{text}\"";
    }
}
