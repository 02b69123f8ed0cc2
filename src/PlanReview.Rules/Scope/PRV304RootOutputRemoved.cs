using System.Collections.Immutable;
using PlanReview.Core.Analysis;
using PlanReview.Core.Model;

namespace PlanReview.Rules.Scope;

/// <summary>PRV304: a root output disappears, and whatever reads it breaks.</summary>
public sealed class PRV304RootOutputRemoved : PlanAnalyzer
{
    public static readonly DiagnosticDescriptor Rule = new(
        RuleIds.RootOutputRemoved,
        "Root output removed",
        "{0} will be removed; anything that reads it (terraform_remote_state, stack references, CI scripts) will break",
        "Scope",
        Severity.Warning,
        true,
        "A root output value is deleted from the state. Outputs are an interface: other configurations read them with " +
        "terraform_remote_state or tfe_outputs, Pulumi stacks with StackReference, CloudFormation stacks with Fn::ImportValue, and " +
        "pipelines with terraform output. Nothing in this plan shows who reads the value, so the break surfaces later, elsewhere. " +
        "The finding's address is output.NAME, so a suppression can name one output.");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Rule];

    public override void Initialize(AnalysisContext context) => context.RegisterPlanAction(c =>
    {
        foreach (var output in c.Plan.Outputs.Where(o => o.Action == ChangeAction.Delete).OrderBy(o => o.Name, StringComparer.Ordinal))
        {
            var address = $"output.{output.Name}";
            c.ReportDiagnostic(Diagnostic.Create(Rule, address, address));
        }
    });
}
