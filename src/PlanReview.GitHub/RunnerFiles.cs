using System.Text;

namespace PlanReview.GitHub;

/// <summary>Writes step outputs (<c>GITHUB_OUTPUT</c>) and the job summary (<c>GITHUB_STEP_SUMMARY</c>).</summary>
public static class RunnerFiles
{
    /// <summary>Appends <c>name=value</c> lines; values are single-line by construction (counts, booleans, a path).</summary>
    public static void WriteOutputs(string? path, IEnumerable<KeyValuePair<string, string>> outputs)
    {
        if (path is null)
        {
            return;
        }

        var text = new StringBuilder();
        foreach (var (name, value) in outputs)
        {
            if (value.Contains('\n', StringComparison.Ordinal))
            {
                // The runner's multi-line syntax, with a delimiter that cannot occur in the value.
                var delimiter = "planreview_" + Guid.NewGuid().ToString("N");
                text.Append(name).Append("<<").Append(delimiter).Append('\n').Append(value).Append('\n').Append(delimiter).Append('\n');
            }
            else
            {
                text.Append(name).Append('=').Append(value).Append('\n');
            }
        }

        File.AppendAllText(path, text.ToString(), new UTF8Encoding(false));
    }

    public static void AppendSummary(string? path, string markdown)
    {
        if (path is not null)
        {
            File.AppendAllText(path, markdown.TrimEnd('\n') + "\n\n", new UTF8Encoding(false));
        }
    }
}
