using System.Text.RegularExpressions;
using NJsonSchema;
using PlanReview.Core.Configuration;
using YamlDotNet.Serialization;

namespace PlanReview.Core.Tests;

/// <summary>The published JSON schema and the loader agree: what one accepts the other accepts, typos are refused by both.</summary>
public partial class PolicySchemaTests
{
    private static readonly string Root = FindRoot();

    private static readonly JsonSchema Schema = JsonSchema.FromJsonAsync(File.ReadAllText(Path.Combine(Root, "docs", "planreview.schema.json"))).GetAwaiter().GetResult();

    public static TheoryData<string, string> Policies()
    {
        var data = new TheoryData<string, string> { { "samples/planreview.yml", File.ReadAllText(Path.Combine(Root, "samples", "planreview.yml")) } };
        var doc = File.ReadAllText(Path.Combine(Root, "docs", "configuration.md"));
        var index = 0;
        foreach (Match block in YamlBlock().Matches(doc))
        {
            if (block.Groups[1].Value.Contains("version: 1", StringComparison.Ordinal))
            {
                data.Add($"docs/configuration.md#{index++}", block.Groups[1].Value);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Policies))]
    public void Documented_policies_are_valid_for_the_schema_and_the_loader(string name, string yaml)
    {
        var errors = Schema.Validate(ToJson(yaml));
        Assert.True(errors.Count == 0, $"{name}: " + string.Join("; ", errors.Select(e => $"{e.Path}: {e.Kind}")));
        var policy = PolicyLoader.Parse(yaml, name);
        Assert.Equal(1, policy.RequiredApprovals);
    }

    [Theory]
    [InlineData("thresholds:\n  max-destory: 3\n")]
    [InlineData("rules:\n  PRV101: loud\n")]
    [InlineData("suppressions:\n  - address: x\n    justification: y\n")]
    [InlineData("categories:\n  - match: x\n    category: database\n")]
    [InlineData("colour: red\n")]
    [InlineData("thresholds:\n  max-destroy: -1\n")]
    public void Typos_are_refused_by_both(string yaml)
    {
        Assert.NotEmpty(Schema.Validate(ToJson(yaml)));
        Assert.Throws<PolicyException>(() => PolicyLoader.Parse(yaml, "p.yml"));
    }

    private static string ToJson(string yaml)
    {
        var data = new DeserializerBuilder().WithAttemptingUnquotedStringTypeDeserialization().Build().Deserialize(new StringReader(yaml));
        return new SerializerBuilder().JsonCompatible().Build().Serialize(data!);
    }

    [GeneratedRegex("```yaml\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex YamlBlock();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PlanReview.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("PlanReview.sln not found");
    }
}
