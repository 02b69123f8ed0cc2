using Newtonsoft.Json;

namespace PlanReview.Readers;

/// <summary>
/// Recognises a document by its content, never by its file name: the top-level keys of the first
/// JSON value (read from a bounded prefix of the input), and the first bytes for binary files.
/// </summary>
public static class FormatDetector
{
    private static readonly string[] TerraformPlanKeys =
    [
        "resource_changes", "planned_values", "prior_state", "configuration", "output_changes", "resource_drift",
        "plan_format_version", "applyable", "errored", "relevant_attributes", "deferred_changes",
    ];

    private static readonly string[] CloudFormationKeys =
    [
        "ChangeSetId", "ChangeSetName", "Changes", "ExecutionStatus", "IncludeNestedStacks", "RootChangeSetId", "ParentChangeSetId",
    ];

    private static readonly string[] PulumiEventKeys =
    [
        "preludeEvent", "resourcePreEvent", "resOutputsEvent", "summaryEvent", "diagnosticEvent", "stdoutEvent", "cancelEvent",
        "resOpFailedEvent", "policyEvent", "progressEvent", "errorEvent", "startDebuggingEvent",
    ];

    /// <summary>True when the bytes are a zip archive: a binary Terraform plan file.</summary>
    public static bool IsZip(ReadOnlySpan<byte> head) =>
        head.Length >= 4 && head[0] == (byte)'P' && head[1] == (byte)'K' && head[2] == 3 && head[3] == 4;

    /// <summary>Classifies a document from a prefix of its decoded text (the whole text when short).</summary>
    public static InputKind Detect(string prefix)
    {
        var span = prefix.AsSpan().TrimStart();
        if (span.IsEmpty)
        {
            return InputKind.Empty;
        }

        if (span[0] != '{')
        {
            return InputKind.NotJson;
        }

        var keys = TopLevelKeys(prefix, out var multipleValues);
        if (keys.Count == 0)
        {
            return InputKind.Unknown;
        }

        if (keys.Contains("sequence") || PulumiEventKeys.Any(keys.Contains))
        {
            return InputKind.PulumiEventLog;
        }

        if (keys.Contains("steps") || keys.Contains("changeSummary"))
        {
            return InputKind.PulumiPreview;
        }

        if (TerraformPlanKeys.Any(keys.Contains))
        {
            return InputKind.TerraformPlan;
        }

        if (keys.Contains("format_version") && keys.Contains("values"))
        {
            return InputKind.TerraformState;
        }

        if (keys.Contains("format_version") || keys.Contains("terraform_version"))
        {
            // A plan with nothing to do can be this small: format_version, terraform_version, and little else.
            return InputKind.TerraformPlan;
        }

        if (CloudFormationKeys.Any(keys.Contains))
        {
            return InputKind.CloudFormationChangeSet;
        }

        if (keys.Contains("Id") && keys.Contains("StackId") && !multipleValues)
        {
            return InputKind.CloudFormationCreateChangeSetOutput;
        }

        if (keys.Contains("config") && keys.Contains("duration"))
        {
            return InputKind.PulumiPreview;
        }

        return InputKind.Unknown;
    }

    /// <summary>The property names at the top level of the first value; stops quietly at the end of the prefix.</summary>
    private static HashSet<string> TopLevelKeys(string prefix, out bool multipleValues)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        multipleValues = false;
        using var reader = new JsonTextReader(new StringReader(prefix))
        {
            SupportMultipleContent = true,
            DateParseHandling = DateParseHandling.None,
            MaxDepth = PlanJson.MaxDepth,
        };
        try
        {
            if (!reader.Read() || reader.TokenType != JsonToken.StartObject)
            {
                return keys;
            }

            while (reader.Read())
            {
                if (reader.TokenType == JsonToken.EndObject && reader.Depth == 0)
                {
                    multipleValues = reader.Read();
                    break;
                }

                if (reader.TokenType == JsonToken.PropertyName && reader.Depth == 1)
                {
                    keys.Add((string)reader.Value!);
                    reader.Read();
                    reader.Skip();
                }
            }
        }
        catch (JsonException)
        {
            // The prefix ends inside a value, or the text is broken: the keys seen so far decide.
        }

        return keys;
    }
}
