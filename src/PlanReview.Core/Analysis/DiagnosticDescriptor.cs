using System.Globalization;

namespace PlanReview.Core.Analysis;

/// <summary>
/// What a rule reports, after Roslyn's DiagnosticDescriptor: a stable id, a title, a message format
/// (composite format, <c>{0}</c> is usually the address), a category, a default severity and a help link.
/// </summary>
public sealed record DiagnosticDescriptor(
    string Id,
    string Title,
    string MessageFormat,
    string Category,
    Severity DefaultSeverity,
    bool IsEnabledByDefault,
    string Description)
{
    /// <summary>Where the rule documentation lives; the file is <c>docs/rules/{Id}.md</c> in the repository.</summary>
    public const string HelpBaseUri = "https://github.com/planreview/planreview/blob/main/docs/rules/";

    public string HelpLinkUri => $"{HelpBaseUri}{Id}.md";

    public string FormatMessage(params object?[] args) =>
        args.Length == 0 ? MessageFormat : string.Format(CultureInfo.InvariantCulture, MessageFormat, args);
}
