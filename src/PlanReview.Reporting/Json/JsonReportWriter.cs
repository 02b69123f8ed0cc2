using Newtonsoft.Json;
using PlanReview.Core.Analysis;
using PlanReview.Core.Model;
using PlanReview.Reporting.Model;

namespace PlanReview.Reporting.Json;

/// <summary>
/// Writes the JSON report (<c>--json FILE</c>). The names are a contract (schemaVersion 1): add, never rename.
/// </summary>
public static class JsonReportWriter
{
    public static string Render(Report report)
    {
        using var text = new StringWriter { NewLine = "\n" };
        Write(report, text);
        return text.ToString();
    }

    public static void Write(Report report, TextWriter output)
    {
        using var json = new JsonTextWriter(output) { Formatting = Formatting.Indented, Indentation = 2, CloseOutput = false };
        json.WriteStartObject();
        json.WritePropertyName("schemaVersion");
        json.WriteValue(Report.SchemaVersion);

        json.WritePropertyName("tool");
        json.WriteStartObject();
        Property(json, "name", ToolInfo.Name);
        Property(json, "version", ToolInfo.Version);
        json.WriteEndObject();
        Property(json, "commit", report.Commit);

        json.WritePropertyName("plans");
        json.WriteStartArray();
        foreach (var plan in report.Plans)
        {
            json.WriteStartObject();
            Property(json, "path", plan.Path);
            Property(json, "format", plan.Format);
            Property(json, "toolVersion", plan.ToolVersion);
            json.WriteEndObject();
        }

        json.WriteEndArray();

        WriteSummary(json, report.Summary);

        json.WritePropertyName("changes");
        json.WriteStartArray();
        foreach (var change in report.Changes)
        {
            WriteChange(json, change);
        }

        json.WriteEndArray();

        json.WritePropertyName("blastRadius");
        json.WriteStartObject();
        StringArray(json, "destroyed", report.BlastRadius.Destroyed);
        StringArray(json, "replaced", report.BlastRadius.Replaced);
        StringArray(json, "affected", report.BlastRadius.Affected.Select(a => a.Address).Distinct());
        json.WritePropertyName("edges");
        json.WriteStartArray();
        foreach (var a in report.BlastRadius.Affected)
        {
            json.WriteStartObject();
            Property(json, "address", a.Address);
            Property(json, "root", a.Root);
            Property(json, "via", a.Via);
            Property(json, "source", a.Source);
            json.WritePropertyName("depth");
            json.WriteValue(a.Depth);
            Property(json, "plan", a.Plan);
            json.WriteEndObject();
        }

        json.WriteEndArray();

        // Every direct edge of the graph, edges between two destroyed or replaced resources included
        // (`edges` leaves those out): a report read back draws the same blast-radius graph.
        json.WritePropertyName("links");
        json.WriteStartArray();
        foreach (var l in report.BlastRadius.Links)
        {
            json.WriteStartObject();
            Property(json, "dependency", l.Dependency);
            Property(json, "dependent", l.Dependent);
            Property(json, "plan", l.Plan);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();

        json.WritePropertyName("diagnostics");
        json.WriteStartArray();
        foreach (var d in report.Diagnostics)
        {
            WriteDiagnostic(json, d);
        }

        json.WriteEndArray();

        json.WritePropertyName("decision");
        json.WriteStartObject();
        json.WritePropertyName("approvalRequired");
        json.WriteValue(report.Decision.ApprovalRequired);
        json.WritePropertyName("requiredApprovals");
        json.WriteValue(report.Decision.RequiredApprovals);
        StringArray(json, "reasons", report.Decision.Reasons);
        json.WritePropertyName("destroyCount");
        json.WriteValue(report.Decision.DestroyCount);
        json.WritePropertyName("replaceCount");
        json.WriteValue(report.Decision.ReplaceCount);
        json.WriteEndObject();

        json.WriteEndObject();
        json.Flush();
        output.Write('\n');
    }

    private static void WriteSummary(JsonTextWriter json, ChangeSummary s)
    {
        json.WritePropertyName("summary");
        json.WriteStartObject();
        foreach (var (name, value) in new[]
        {
            ("create", s.Create), ("update", s.Update), ("delete", s.Delete), ("replace", s.Replace), ("read", s.Read),
            ("noop", s.NoOp), ("forget", s.Forget), ("import", s.Import), ("move", s.Move), ("unknown", s.Unknown),
        })
        {
            json.WritePropertyName(name);
            json.WriteValue(value);
        }

        json.WriteEndObject();
    }

    private static void WriteChange(JsonTextWriter json, ReportChange c)
    {
        json.WriteStartObject();
        Property(json, "address", c.Address);
        Property(json, "previousAddress", c.PreviousAddress);
        Property(json, "type", c.Type);
        Property(json, "provider", c.Provider);
        Property(json, "action", c.Action.ToWireName());
        Property(json, "replaceOrder", c.Action == ChangeAction.Replace ? c.ReplaceOrder.ToWireName() : null);
        Property(json, "fate", c.Fate == ObjectFate.None ? null : c.Fate.ToWireName());
        Property(json, "reason", c.Reason);
        Property(json, "category", c.Category);
        json.WritePropertyName("importing");
        json.WriteValue(c.Importing);
        if (c.MayReplace)
        {
            json.WritePropertyName("mayReplace");
            json.WriteValue(true);
        }

        if (c.Deposed is not null)
        {
            Property(json, "deposed", c.Deposed);
        }

        Property(json, "rawAction", c.RawAction);
        Property(json, "plan", c.Plan);
        StringArray(json, "dependents", c.Dependents);
        json.WriteEndObject();
    }

    private static void WriteDiagnostic(JsonTextWriter json, Diagnostic d)
    {
        json.WriteStartObject();
        Property(json, "id", d.Id);
        Property(json, "title", d.Descriptor.Title);
        Property(json, "severity", d.Severity.ToWireName());
        Property(json, "category", d.Descriptor.Category);
        Property(json, "address", d.Address);
        Property(json, "message", d.Message);
        StringArray(json, "arguments", Arguments(d));
        Property(json, "resourceType", d.ResourceType);
        Property(json, "helpUri", d.Descriptor.HelpLinkUri);
        Property(json, "plan", d.PlanSource);
        json.WritePropertyName("suppressed");
        json.WriteValue(d.IsSuppressed);
        if (d.Suppression is { } s)
        {
            Property(json, "justification", s.Justification);
        }

        json.WriteEndObject();
    }

    /// <summary>
    /// The message's arguments, so that a report read back renders the message as its own job did (plan
    /// text in code spans, the rule's words as prose). Written only when every argument appears in the
    /// message: the report never holds plan text that the message itself does not show.
    /// </summary>
    private static IEnumerable<string> Arguments(Diagnostic d) =>
        !d.MessageArgs.IsDefaultOrEmpty && d.MessageArgs.All(a => d.Message.Contains(a, StringComparison.Ordinal)) ? d.MessageArgs : [];

    private static void Property(JsonTextWriter json, string name, string? value)
    {
        json.WritePropertyName(name);
        json.WriteValue(value);
    }

    private static void StringArray(JsonTextWriter json, string name, IEnumerable<string> values)
    {
        json.WritePropertyName(name);
        json.WriteStartArray();
        foreach (var v in values)
        {
            json.WriteValue(v);
        }

        json.WriteEndArray();
    }
}
