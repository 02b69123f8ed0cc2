namespace PlanReview.Reporting.Tests.Support;

/// <summary>A fact that needs Debian's headless Chromium; skipped, with the reason shown, when it is not installed.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public const string Path = "/usr/bin/chromium";

    public ChromiumFactAttribute()
    {
        if (!File.Exists(Path))
        {
            Skip = $"{Path} is not installed (apt-get install chromium): the HTML page is not checked in a real browser";
        }
    }
}
