using CsCheck;
using PlanReview.Core.Graph;
using PlanReview.Readers.Terraform;

namespace PlanReview.Readers.Tests;

/// <summary>
/// The configuration reader resolves references from their text without building strings; it must agree
/// with the plain definition: strip instance keys, split on dots, and match the shape.
/// </summary>
public class TerraformReferenceTests
{
    private const string OutputNode = "\u0001output:";
    private const string VariableNode = "\u0001var:";
    private const string ModuleNode = "\u0001module:";

    private static readonly string[] Roots = ["local", "each", "count", "path", "self", "terraform", "var", "module", "data"];

    // Segments that hit every case: the special roots, resource-like names, empty segments, instance keys with dots inside.
    private static readonly Gen<string> Segment = Gen.OneOf(
        Gen.OneOf(Roots),
        Gen.OneOf<string>("aws_s3_bucket", "b", "x", "", "a[0]", "k[\"p.q\"]", "[1]", "m[\"a]\\\"b\"]"),
        Gen.String[Gen.Char["ab.[]\"\\"], 0, 6]);

    private static readonly Gen<string> Reference = Segment.Array[1, 5].Select(parts => string.Join('.', parts));

    private static readonly Gen<string> Path = Gen.OneOf<string>("", "module.a.", "module.a.module.b.", "module.x[0].");

    [Fact]
    public void Resolves_like_the_definition() =>
        Gen.Select(Path, Reference).Sample((path, reference) =>
        {
            var modulePath = path.TrimEnd('.');
            var actual = new TerraformConfiguration().ResolveReference(path, modulePath, reference, new StringPool());
            Assert.Equal(Definition(path, modulePath, reference), actual);
        });

    [Theory]
    [InlineData("", "aws_s3_bucket.logs.arn", "aws_s3_bucket.logs")]
    [InlineData("module.a.", "aws_s3_bucket.logs[0].arn", "module.a.aws_s3_bucket.logs")]
    [InlineData("module.a.", "data.aws_ami.ubuntu.id", "module.a.data.aws_ami.ubuntu")]
    [InlineData("", "module.db[\"x.y\"].endpoint", OutputNode + "module.db.endpoint")]
    [InlineData("", "module.db", ModuleNode + "module.db")]
    [InlineData("module.a.", "var.subnet", VariableNode + "module.a.subnet")]
    [InlineData("", "var.subnet", null)]
    [InlineData("", "local.name", null)]
    [InlineData("", "aws_s3_bucket", null)]
    public void Resolves_each_shape(string path, string reference, string? expected) =>
        Assert.Equal(expected, new TerraformConfiguration().ResolveReference(path, path.TrimEnd('.'), reference, new StringPool()));

    [Fact]
    public void Equal_nodes_are_one_string() =>
        Gen.Select(Path, Reference).Sample((path, reference) =>
        {
            var configuration = new TerraformConfiguration();
            var pool = new StringPool();
            var first = configuration.ResolveReference(path, path.TrimEnd('.'), reference, pool);
            var second = configuration.ResolveReference(path, path.TrimEnd('.'), new string(reference.AsSpan()), pool);
            Assert.Same(first, second);
        });

    /// <summary>The rule as first written: with strings, one split, and the shapes in order.</summary>
    private static string? Definition(string path, string modulePath, string reference) =>
        AddressScheme.StripTerraformInstanceKeys(reference).Split('.') switch
        {
            ["data", var type, var name, ..] => $"{path}data.{type}.{name}",
            ["module", var call, var output, ..] => $"{OutputNode}{path}module.{call}.{output}",
            ["module", var call] => $"{ModuleNode}{path}module.{call}",
            ["var", var variable, ..] when path.Length > 0 => $"{VariableNode}{modulePath}.{variable}",
            [var root, ..] when Roots.Contains(root) => null,
            [var type, var name, ..] when type.Length > 0 && name.Length > 0 => $"{path}{type}.{name}",
            _ => null,
        };
}
