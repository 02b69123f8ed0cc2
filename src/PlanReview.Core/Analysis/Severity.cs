namespace PlanReview.Core.Analysis;

/// <summary>How much a diagnostic matters. <see cref="Error"/> requires a human's approval.</summary>
public enum Severity
{
    /// <summary>Turned off: the rule does not report.</summary>
    None = 0,
    Info,
    Warning,
    Error,
}

public static class SeverityNames
{
    public static string ToWireName(this Severity severity) => severity switch
    {
        Severity.Error => "error",
        Severity.Warning => "warning",
        Severity.Info => "info",
        _ => "none",
    };

    public static bool TryParse(string? text, out Severity severity)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "error":
                severity = Severity.Error;
                return true;
            case "warning" or "warn":
                severity = Severity.Warning;
                return true;
            case "info" or "note" or "suggestion":
                severity = Severity.Info;
                return true;
            case "none" or "off" or "silent":
                severity = Severity.None;
                return true;
            default:
                severity = Severity.None;
                return false;
        }
    }
}
