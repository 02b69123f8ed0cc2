using System.Security.Cryptography;
using System.Text;
using Newtonsoft.Json;
using PlanReview.Core.Analysis;
using PlanReview.Reporting.Model;

namespace PlanReview.Reporting.Sarif;

/// <summary>
/// Writes SARIF 2.1.0 (<c>--sarif FILE</c>) for code scanning: the whole rule catalog in
/// <c>tool.driver.rules</c>, one result per diagnostic with the address as a logical location and, when
/// the locator finds it, the declaring line as a physical location under <c>%SRCROOT%</c>. Suppressed
/// findings stay in the log with an external suppression and its justification. Deterministic: the same
/// report gives the same bytes.
/// </summary>
public static class SarifReportWriter
{
    public const string SchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";

    public const string SourceRootBaseId = "%SRCROOT%";

    /// <summary>The key of our fingerprint in <c>partialFingerprints</c>; bump the version if its recipe changes.</summary>
    public const string FingerprintKey = "planreviewFinding/v1";

    public static string Render(Report report, SarifOptions options)
    {
        using var text = new StringWriter { NewLine = "\n" };
        Write(report, options, text);
        return text.ToString();
    }

    public static void Write(Report report, SarifOptions options, TextWriter output)
    {
        var rules = report.Rules.Concat(report.Diagnostics.Select(d => d.Descriptor))
            .DistinctBy(r => r.Id)
            .OrderBy(r => r.Id, StringComparer.Ordinal)
            .ToList();
        var ruleIndex = rules.Select((r, i) => (r.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);
        var plans = report.Plans.ToDictionary(p => p.Path, StringComparer.Ordinal);

        using var json = new JsonTextWriter(output) { Formatting = Formatting.Indented, Indentation = 2, CloseOutput = false };
        json.WriteStartObject();
        Property(json, "$schema", SchemaUri);
        Property(json, "version", "2.1.0");
        json.WritePropertyName("runs");
        json.WriteStartArray();
        json.WriteStartObject();

        json.WritePropertyName("tool");
        json.WriteStartObject();
        json.WritePropertyName("driver");
        json.WriteStartObject();
        Property(json, "name", ToolInfo.Name);
        Property(json, "version", options.ToolVersion);
        Property(json, "informationUri", ToolInfo.RepositoryUri);
        json.WritePropertyName("rules");
        json.WriteStartArray();
        foreach (var rule in rules)
        {
            WriteRule(json, rule);
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();

        if (options.SourceRootUri is { } rootUri)
        {
            json.WritePropertyName("originalUriBaseIds");
            json.WriteStartObject();
            json.WritePropertyName(SourceRootBaseId);
            json.WriteStartObject();
            Property(json, "uri", rootUri.AbsoluteUri.EndsWith('/') ? rootUri.AbsoluteUri : rootUri.AbsoluteUri + "/");
            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WritePropertyName("results");
        json.WriteStartArray();
        foreach (var d in report.Diagnostics)
        {
            var plan = d.PlanSource is not null && plans.TryGetValue(d.PlanSource, out var p) ? p : report.Plans.FirstOrDefault();
            var location = d.Address is not null && plan is not null ? options.SourceLocator.Locate(plan, d.Address) : null;
            WriteResult(json, d, ruleIndex[d.Id], location);
        }

        json.WriteEndArray();
        Property(json, "columnKind", "utf16CodeUnits");

        json.WritePropertyName("properties");
        json.WriteStartObject();
        json.WritePropertyName("approvalRequired");
        json.WriteValue(report.Decision.ApprovalRequired);
        json.WritePropertyName("destroyCount");
        json.WriteValue(report.Decision.DestroyCount);
        json.WritePropertyName("replaceCount");
        json.WriteValue(report.Decision.ReplaceCount);
        json.WriteEndObject();

        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
        json.Flush();
        output.Write('\n');
    }

    /// <summary>SARIF's <c>level</c>: error, warning, note, or none.</summary>
    public static string Level(Severity severity) => severity switch
    {
        Severity.Error => "error",
        Severity.Warning => "warning",
        Severity.Info => "note",
        _ => "none",
    };

    /// <summary>A rule's <c>name</c>: its title in PascalCase (<c>Stateful resource destroyed</c> → <c>StatefulResourceDestroyed</c>).</summary>
    public static string PascalCase(string title)
    {
        var builder = new StringBuilder(title.Length);
        var upper = true;
        foreach (var c in title)
        {
            if (!char.IsAsciiLetterOrDigit(c))
            {
                upper = true;
                continue;
            }

            builder.Append(upper ? char.ToUpperInvariant(c) : c);
            upper = false;
        }

        return builder.ToString();
    }

    /// <summary>
    /// Stable across runs and machines: the rule and the resource address (or, for plan-wide findings, the
    /// plan's file name). Messages are left out on purpose: their counts change from one plan to the next
    /// while the finding stays the same.
    /// </summary>
    public static string Fingerprint(Diagnostic d)
    {
        var subject = d.Address ?? "plan:" + Path.GetFileName(d.PlanSource ?? string.Empty);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(d.Id + "\n" + subject));
        return Convert.ToHexStringLower(hash)[..32];
    }

    private static void WriteRule(JsonTextWriter json, DiagnosticDescriptor rule)
    {
        json.WriteStartObject();
        Property(json, "id", rule.Id);
        Property(json, "name", PascalCase(rule.Title));
        Message(json, "shortDescription", rule.Title);
        Message(json, "fullDescription", string.IsNullOrWhiteSpace(rule.Description) ? rule.Title : rule.Description);
        Property(json, "helpUri", rule.HelpLinkUri);
        json.WritePropertyName("defaultConfiguration");
        json.WriteStartObject();
        if (!rule.IsEnabledByDefault)
        {
            json.WritePropertyName("enabled");
            json.WriteValue(false);
        }

        Property(json, "level", Level(rule.DefaultSeverity));
        json.WriteEndObject();
        json.WritePropertyName("properties");
        json.WriteStartObject();
        Property(json, "category", rule.Category);
        json.WritePropertyName("tags");
        json.WriteStartArray();
        json.WriteValue(rule.Category);
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteResult(JsonTextWriter json, Diagnostic d, int index, SourceLocation? location)
    {
        json.WriteStartObject();
        Property(json, "ruleId", d.Id);
        json.WritePropertyName("ruleIndex");
        json.WriteValue(index);
        Property(json, "level", Level(d.Severity));
        Message(json, "message", d.Message);

        json.WritePropertyName("locations");
        json.WriteStartArray();
        json.WriteStartObject();
        if (location is not null)
        {
            json.WritePropertyName("physicalLocation");
            json.WriteStartObject();
            json.WritePropertyName("artifactLocation");
            json.WriteStartObject();
            Property(json, "uri", EscapeUri(location.Uri));
            Property(json, "uriBaseId", SourceRootBaseId);
            json.WriteEndObject();
            json.WritePropertyName("region");
            json.WriteStartObject();
            json.WritePropertyName("startLine");
            json.WriteValue(location.StartLine);
            json.WritePropertyName("startColumn");
            json.WriteValue(location.StartColumn);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WritePropertyName("logicalLocations");
        json.WriteStartArray();
        json.WriteStartObject();
        if (d.Address is not null)
        {
            Property(json, "fullyQualifiedName", d.Address);
            Property(json, "kind", "resource");
        }
        else
        {
            Property(json, "fullyQualifiedName", d.PlanSource ?? "plan");
            Property(json, "kind", "module");
        }

        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndArray();

        json.WritePropertyName("partialFingerprints");
        json.WriteStartObject();
        Property(json, FingerprintKey, Fingerprint(d));
        json.WriteEndObject();

        if (d.Suppression is { } suppression)
        {
            json.WritePropertyName("suppressions");
            json.WriteStartArray();
            json.WriteStartObject();
            Property(json, "kind", "external");
            Property(json, "status", "accepted");
            Property(json, "justification", suppression.Justification);
            json.WriteEndObject();
            json.WriteEndArray();
        }

        json.WritePropertyName("properties");
        json.WriteStartObject();
        if (d.ResourceType is not null)
        {
            Property(json, "resourceType", d.ResourceType);
        }

        if (d.PlanSource is not null)
        {
            Property(json, "plan", d.PlanSource);
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }

    /// <summary>Relative URIs with forward slashes; characters that are not allowed in a URI reference are percent-encoded.</summary>
    private static string EscapeUri(string relative) =>
        string.Join("/", relative.Split('/').Select(Uri.EscapeDataString));

    private static void Message(JsonTextWriter json, string name, string text)
    {
        json.WritePropertyName(name);
        json.WriteStartObject();
        Property(json, "text", text);
        json.WriteEndObject();
    }

    private static void Property(JsonTextWriter json, string name, string? value)
    {
        json.WritePropertyName(name);
        json.WriteValue(value);
    }
}
