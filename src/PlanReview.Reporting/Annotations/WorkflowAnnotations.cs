using System.Text;
using PlanReview.Core.Analysis;
using PlanReview.Reporting.Model;
using PlanReview.Reporting.Sarif;

namespace PlanReview.Reporting.Annotations;

/// <summary>
/// Findings as GitHub Actions workflow commands (<c>::error file=…,line=…,title=…::message</c>), so they show
/// as annotations on the pull request's files, at the lines the SARIF locations point to. Every value is
/// escaped as the runner requires, so plan text can neither break the command nor start another one.
/// </summary>
public static class WorkflowAnnotations
{
    /// <summary>GitHub shows at most 50 annotations per job; the located ones come first.</summary>
    public const int MaxAnnotations = 50;

    public static int Write(Report report, ISourceLocator locator, TextWriter output)
    {
        var plansByPath = report.Plans.ToDictionary(p => p.Path, StringComparer.Ordinal);
        var annotations = report.ActiveDiagnostics
            .Where(d => d.Severity >= Severity.Info)
            .Select(d =>
            {
                var plan = d.PlanSource is not null && plansByPath.TryGetValue(d.PlanSource, out var p) ? p : null;
                var location = plan is not null && d.Address is not null ? locator.Locate(plan, d.Address) : null;
                return (Diagnostic: d, Location: location);
            })
            .OrderBy(a => a.Location is null)
            .Take(MaxAnnotations)
            .ToList();

        foreach (var (diagnostic, location) in annotations)
        {
            var line = new StringBuilder("::").Append(diagnostic.Severity switch
            {
                Severity.Error => "error",
                Severity.Warning => "warning",
                _ => "notice",
            });
            var properties = new List<string>();
            if (location is not null)
            {
                properties.Add("file=" + Property(location.Uri));
                properties.Add("line=" + location.StartLine.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            properties.Add("title=" + Property($"{diagnostic.Id} {diagnostic.Descriptor.Title}"));
            line.Append(' ').Append(string.Join(',', properties)).Append("::").Append(Data(diagnostic.Message));
            output.WriteLine(line.ToString());
        }

        return annotations.Count;
    }

    /// <summary>Escapes a command's message (after <c>::</c>).</summary>
    internal static string Data(string text) => text
        .Replace("%", "%25", StringComparison.Ordinal)
        .Replace("\r", "%0D", StringComparison.Ordinal)
        .Replace("\n", "%0A", StringComparison.Ordinal);

    /// <summary>Escapes a command's property value (<c>file=</c>, <c>title=</c>).</summary>
    internal static string Property(string text) => Data(text)
        .Replace(":", "%3A", StringComparison.Ordinal)
        .Replace(",", "%2C", StringComparison.Ordinal);
}
