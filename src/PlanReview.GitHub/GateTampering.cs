using System.Collections.Immutable;

namespace PlanReview.GitHub;

/// <summary>
/// Which changed files touch the gate itself (PRV501, PRV502). Pure: whether a changed workflow runs
/// PlanReview is decided from its patch first, and only when the patch does not say, from its
/// contents, which the caller fetches.
/// </summary>
public static class GateTampering
{
    public const string WorkflowFolder = ".github/workflows/";

    /// <summary>The policy file and the repository's own <c>action.yml</c>, when the pull request adds, changes, renames or removes them.</summary>
    public static ImmutableArray<string> ConfigurationFilesChanged(IEnumerable<ChangedFile> files, string configPath)
    {
        var config = Normalize(configPath);
        return files
            .SelectMany(f => new[] { f.Path, f.PreviousPath })
            .OfType<string>()
            .Select(Normalize)
            .Where(p => string.Equals(p, config, StringComparison.Ordinal) || p is "action.yml" or "action.yaml")
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToImmutableArray();
    }

    /// <summary>Changed files under <c>.github/workflows/</c> (a rename counts by either name).</summary>
    public static ImmutableArray<ChangedFile> WorkflowsChanged(IEnumerable<ChangedFile> files) => files
        .Where(f => IsWorkflow(f.Path) || (f.PreviousPath is not null && IsWorkflow(f.PreviousPath)))
        .OrderBy(f => f.Path, StringComparer.Ordinal)
        .ToImmutableArray();

    /// <summary>True when the text names PlanReview (a <c>uses: …/planreview@…</c> step, <c>planreview github</c>, a local <c>uses: ./</c> with our inputs).</summary>
    public static bool MentionsPlanReview(string? text) =>
        text is not null && text.Contains("planreview", StringComparison.OrdinalIgnoreCase);

    /// <summary>True when the workflow is this run's own workflow file, or its patch shows that it runs PlanReview.</summary>
    public static bool RunsPlanReviewByPatch(ChangedFile workflow, string? currentWorkflowPath) =>
        (currentWorkflowPath is not null &&
         (string.Equals(Normalize(workflow.Path), Normalize(currentWorkflowPath), StringComparison.Ordinal) ||
          (workflow.PreviousPath is not null && string.Equals(Normalize(workflow.PreviousPath), Normalize(currentWorkflowPath), StringComparison.Ordinal))))
        || MentionsPlanReview(workflow.Patch);

    private static bool IsWorkflow(string path)
    {
        var p = Normalize(path);
        return p.StartsWith(WorkflowFolder, StringComparison.Ordinal) && (p.EndsWith(".yml", StringComparison.OrdinalIgnoreCase) || p.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase));
    }

    private static string Normalize(string path)
    {
        var p = path.Replace('\\', '/');
        while (p.StartsWith("./", StringComparison.Ordinal))
        {
            p = p[2..];
        }

        return p.TrimStart('/');
    }
}
