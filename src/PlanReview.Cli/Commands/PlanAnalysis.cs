using System.Collections.Immutable;
using PlanReview.Core.Analysis;
using PlanReview.Core.Configuration;
using PlanReview.Core.Model;
using PlanReview.GitHub.Rules;
using PlanReview.Readers;
using PlanReview.Readers.CloudFormation;
using PlanReview.Rules;

namespace PlanReview.Cli.Commands;

/// <summary>The pipeline shared by <c>analyze</c> and <c>github</c>: read every plan, run the rules under a policy.</summary>
public static class PlanAnalysis
{
    /// <summary>The default location of the policy file, relative to the working directory.</summary>
    public const string DefaultPolicyPath = ".github/planreview.yml";

    // The GitHub gate's own diagnostics (PRV5xx) are known to the engine so one policy file serves both
    // `analyze` and the Action, and `planreview rules` lists them.
    private static readonly Lazy<PlanAnalysisEngine> Engine = new(() => new PlanAnalysisEngine(BuiltInRules.All, externalDescriptors: GitHubDiagnostics.All));

    public static PlanAnalysisEngine SharedEngine => Engine.Value;

    public static ImmutableArray<Plan> LoadPlans(IEnumerable<string> inputs, PlanFormat? format, CancellationToken cancellationToken)
    {
        var paths = PlanLoader.ExpandInputs(inputs);
        if (paths.IsEmpty)
        {
            throw new PlanReadException("(no input)", "no plan file given");
        }

        // Nested CloudFormation change sets (the root plus its children) are read as separate files;
        // nesting renames the children's addresses under their parent stack.
        var plans = paths.Select(p => PlanLoader.Default.Load(p, format, cancellationToken)).ToImmutableArray();
        return CloudFormationNesting.Apply(plans);
    }

    public static AnalysisResult Analyze(IReadOnlyList<Plan> plans, Policy policy) => SharedEngine.Analyze(plans, policy);

    /// <summary>Reads the policy file: the given path (which must exist), else the default path when present, else the defaults.</summary>
    public static Policy LoadPolicy(string? path)
    {
        var effective = path ?? (File.Exists(DefaultPolicyPath) ? DefaultPolicyPath : null);
        if (effective is null)
        {
            return Policy.Default;
        }

        string text;
        try
        {
            text = File.ReadAllText(effective);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new PolicyException($"{effective}: cannot be read ({(ex is FileNotFoundException or DirectoryNotFoundException ? "no such file" : ex.Message)})");
        }

        return PolicyLoader.Parse(text, effective);
    }
}
