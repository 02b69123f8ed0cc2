using YamlDotNet.RepresentationModel;

namespace PlanReview.GitHub.Tests;

/// <summary>action.yml, the samples and the docs agree, and no input is interpolated into a script.</summary>
public sealed class ActionDefinitionTests
{
    private static readonly string Root = FindRoot();

    private static YamlMappingNode Load(string relative)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(Path.Combine(Root, relative))));
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    private static YamlMappingNode Map(YamlNode node, string key) => (YamlMappingNode)((YamlMappingNode)node).Children[new YamlScalarNode(key)];

    [Fact]
    public void Action_is_composite_and_no_run_script_interpolates_an_expression()
    {
        var action = Load("action.yml");
        var runs = Map(action, "runs");

        Assert.Equal("composite", ((YamlScalarNode)runs.Children[new YamlScalarNode("using")]).Value);
        var steps = (YamlSequenceNode)runs.Children[new YamlScalarNode("steps")];
        var scripts = steps.OfType<YamlMappingNode>()
            .Where(s => s.Children.ContainsKey(new YamlScalarNode("run")))
            .Select(s => ((YamlScalarNode)s.Children[new YamlScalarNode("run")]).Value!)
            .ToArray();
        Assert.NotEmpty(scripts);
        Assert.All(scripts, script => Assert.DoesNotContain("${{", script, StringComparison.Ordinal));
    }

    [Fact]
    public void Every_input_reaches_the_program_through_env_and_is_documented()
    {
        var action = Load("action.yml");
        var inputs = Map(action, "inputs").Children.Keys.Cast<YamlScalarNode>().Select(k => k.Value!).ToArray();
        var steps = (YamlSequenceNode)Map(action, "runs").Children[new YamlScalarNode("steps")];
        var run = steps.OfType<YamlMappingNode>().Single(s => s.Children.TryGetValue(new YamlScalarNode("id"), out var id) && ((YamlScalarNode)id).Value == "planreview");
        var env = Map(run, "env").Children.ToDictionary(p => ((YamlScalarNode)p.Key).Value!, p => ((YamlScalarNode)p.Value).Value!);
        var docs = File.ReadAllText(Path.Combine(Root, "docs", "github-action.md"));

        Assert.All(inputs, input =>
        {
            Assert.Equal($"${{{{ inputs.{input} }}}}", env[$"INPUT_{input.ToUpperInvariant()}"]);
            Assert.Contains($"| `{input}` |", docs, StringComparison.Ordinal);
            Assert.True(Map(Map(action, "inputs"), input).Children.ContainsKey(new YamlScalarNode("description")), input);
        });
    }

    [Fact]
    public void Every_output_comes_from_the_program_and_is_documented()
    {
        var action = Load("action.yml");
        var docs = File.ReadAllText(Path.Combine(Root, "docs", "github-action.md"));

        foreach (var (key, value) in Map(action, "outputs").Children)
        {
            var name = ((YamlScalarNode)key).Value!;
            Assert.Equal($"${{{{ steps.planreview.outputs.{name} }}}}", ((YamlScalarNode)((YamlMappingNode)value).Children[new YamlScalarNode("value")]).Value);
            Assert.Contains($"| `{name}` |", docs, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("terraform.yml")]
    [InlineData("cloudformation.yml")]
    [InlineData("pulumi.yml")]
    [InlineData("monorepo-matrix.yml")]
    public void Sample_workflows_trigger_on_both_events_with_the_needed_permissions(string file)
    {
        var workflow = Load(Path.Combine("samples", "workflows", file));
        var on = Map(workflow, "on");
        var permissions = Map(workflow, "permissions").Children.ToDictionary(p => ((YamlScalarNode)p.Key).Value!, p => ((YamlScalarNode)p.Value).Value!);

        Assert.True(on.Children.ContainsKey(new YamlScalarNode("pull_request")));
        Assert.True(on.Children.ContainsKey(new YamlScalarNode("pull_request_review")));
        Assert.Equal("write", permissions["pull-requests"]);
        Assert.Equal("write", permissions["statuses"]);
        Assert.Equal("write", permissions["issues"]);
        Assert.Equal("read", permissions["contents"]);
    }

    [Fact]
    public void The_matrix_sample_merges_the_downloaded_reports_with_the_action()
    {
        var jobs = Map(Load(Path.Combine("samples", "workflows", "monorepo-matrix.yml")), "jobs");
        var steps = ((YamlSequenceNode)Map(jobs, "planreview").Children[new YamlScalarNode("steps")]).OfType<YamlMappingNode>().ToArray();
        string? Scalar(YamlMappingNode node, string key) => node.Children.TryGetValue(new YamlScalarNode(key), out var v) ? ((YamlScalarNode)v).Value : null;

        var download = Map(steps.Single(s => Scalar(s, "uses")?.StartsWith("actions/download-artifact", StringComparison.Ordinal) == true), "with");
        var action = Map(steps.Single(s => Scalar(s, "uses")?.StartsWith("planreview/planreview", StringComparison.Ordinal) == true), "with");
        Assert.Equal("merge", Scalar(action, "mode"));
        Assert.Equal(Scalar(download, "path"), Scalar(action, "reports"));

        // What the plan jobs upload is what the final job downloads.
        var upload = ((YamlSequenceNode)Map(jobs, "plan").Children[new YamlScalarNode("steps")]).OfType<YamlMappingNode>()
            .Single(s => Scalar(s, "uses")?.StartsWith("actions/upload-artifact", StringComparison.Ordinal) == true);
        Assert.StartsWith(Scalar(download, "pattern")!.TrimEnd('*'), Scalar(Map(upload, "with"), "name"), StringComparison.Ordinal);
        Assert.Contains("--json", File.ReadAllText(Path.Combine(Root, "samples", "workflows", "monorepo-matrix.yml")), StringComparison.Ordinal);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PlanReview.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("PlanReview.sln not found above " + AppContext.BaseDirectory);
    }
}
