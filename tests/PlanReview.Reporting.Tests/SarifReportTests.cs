using Newtonsoft.Json.Linq;
using NJsonSchema;
using PlanReview.Core.Configuration;
using PlanReview.Core.Model;
using PlanReview.Reporting.Sarif;
using PlanReview.Reporting.Tests.Support;
using PlanReview.Rules;

namespace PlanReview.Reporting.Tests;

public class SarifReportTests
{
    private static readonly Lazy<JsonSchema> Schema = new(() =>
        JsonSchema.FromJsonAsync(File.ReadAllText(Path.Combine(RepoPaths.TestProject, "schemas", "sarif-2.1.0.json"))).GetAwaiter().GetResult());

    public static readonly TheoryData<string> Fixtures = new(GoldenCases.Fixtures);

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Log_matches_its_golden_file_and_validates_against_the_official_schema(string fixture)
    {
        var sarif = SarifReportWriter.Render(FixtureReports.Report(fixture), GoldenOptions(fixture));
        AssertValid(sarif);
        Golden.Verify($"{fixture}.sarif.json", sarif);
    }

    [Fact]
    public void A_log_with_suppressions_and_source_locations_validates_against_the_schema()
    {
        var sarif = SarifReportWriter.Render(SuppressedReport(), new SarifOptions
        {
            SourceLocator = new FileSystemSourceLocator(Path.Combine(RepoPaths.TerraformFixture("hostile-keys"), "v2")),
            SourceRootUri = new Uri("file:///work/repo/"),
        });
        AssertValid(sarif);
    }

    [Fact]
    public void The_driver_lists_the_whole_catalog_with_names_levels_and_categories()
    {
        var engine = BuiltInRules.CreateEngine();
        var log = JObject.Parse(SarifReportWriter.Render(FixtureReports.Report("create-only"), new SarifOptions()));
        var driver = log["runs"]![0]!["tool"]!["driver"]!;
        Assert.Equal("planreview", (string)driver["name"]!);
        var rules = driver["rules"]!.ToList();
        Assert.Equal(engine.Descriptors.Select(d => d.Id).Order(StringComparer.Ordinal), rules.Select(r => (string)r["id"]!));

        var prv101 = rules.Single(r => (string)r["id"]! == "PRV101");
        var descriptor = engine.Descriptors.Single(d => d.Id == "PRV101");
        Assert.Equal(SarifReportWriter.PascalCase(descriptor.Title), (string)prv101["name"]!);
        Assert.Matches("^[A-Z][A-Za-z0-9]+$", (string)prv101["name"]!);
        Assert.Equal(descriptor.Title, (string)prv101["shortDescription"]!["text"]!);
        Assert.Equal(descriptor.HelpLinkUri, (string)prv101["helpUri"]!);
        Assert.Equal(descriptor.Category, (string)prv101["properties"]!["category"]!);
        Assert.All(rules, r => Assert.Contains((string)r["defaultConfiguration"]!["level"]!, new[] { "error", "warning", "note", "none" }));
    }

    [Theory]
    [InlineData("Stateful resource destroyed", "StatefulResourceDestroyed")]
    [InlineData("Protection weakened: deletion_protection off", "ProtectionWeakenedDeletionProtectionOff")]
    [InlineData("most of the state", "MostOfTheState")]
    public void Rule_names_are_pascal_case_titles(string title, string expected) =>
        Assert.Equal(expected, SarifReportWriter.PascalCase(title));

    [Fact]
    public void One_result_per_diagnostic_with_its_rule_index_address_and_suppression()
    {
        var report = SuppressedReport();
        var log = JObject.Parse(SarifReportWriter.Render(report, new SarifOptions()));
        var run = log["runs"]![0]!;
        var results = run["results"]!.ToList();
        Assert.Equal(report.Diagnostics.Length, results.Count);

        var rules = run["tool"]!["driver"]!["rules"]!.ToList();
        Assert.All(results, r => Assert.Equal((string)r["ruleId"]!, (string)rules[(int)r["ruleIndex"]!]!["id"]!));

        var suppressed = results.Single(r => r["suppressions"] is not null);
        Assert.Equal("aws_db_instance.db", (string)suppressed["locations"]![0]!["logicalLocations"]![0]!["fullyQualifiedName"]!);
        Assert.Equal("external", (string)suppressed["suppressions"]![0]!["kind"]!);
        Assert.Equal("restored from the nightly snapshot", (string)suppressed["suppressions"]![0]!["justification"]!);
        Assert.Equal(report.Diagnostics.Count(d => d.IsSuppressed), results.Count(r => r["suppressions"] is not null));
        Assert.All(results, r => Assert.Equal("error", (string)r["level"]!));
    }

    [Fact]
    public void Fingerprints_are_stable_across_runs_and_differ_between_findings()
    {
        var a = JObject.Parse(SarifReportWriter.Render(SuppressedReport(), new SarifOptions()));
        var b = JObject.Parse(SarifReportWriter.Render(TestReports.Build(TestReports.HostilePlan() with { Source = "elsewhere/plan.json" }), new SarifOptions()));
        var first = a["runs"]![0]!["results"]!.Select(r => (string)r["partialFingerprints"]![SarifReportWriter.FingerprintKey]!).ToList();
        var second = b["runs"]![0]!["results"]!.Select(r => (string)r["partialFingerprints"]![SarifReportWriter.FingerprintKey]!).ToList();
        Assert.Equal(first, second);
        Assert.Equal(first.Count, first.Distinct().Count());
        Assert.All(first, f => Assert.Matches("^[0-9a-f]{32}$", f));
    }

    [Fact]
    public void Findings_point_at_the_line_that_declares_the_resource()
    {
        var root = Path.Combine(RepoPaths.TerraformFixture("removed-module"), "v2");
        var plan = new Plan
        {
            Source = "plan.json",
            Format = PlanFormat.Terraform,
            Changes =
            [
                TestReports.Change("module.legacy_db[0].module.replica.terraform_data.replica[1]", "terraform_data", ChangeAction.Delete),
                TestReports.Change("terraform_data.app", "terraform_data", ChangeAction.Delete),
            ],
        };
        var log = JObject.Parse(SarifReportWriter.Render(TestReports.Build(plan), new SarifOptions { SourceLocator = new FileSystemSourceLocator(root) }));
        var locations = log["runs"]![0]!["results"]!.Select(r => r["locations"]![0]!["physicalLocation"]!).ToList();

        Assert.All(locations, l => Assert.Equal("%SRCROOT%", (string)l["artifactLocation"]!["uriBaseId"]!));
        Assert.Equal(
            [("modules/db/modules/replica/main.tf", LineOf(root, "modules/db/modules/replica/main.tf", "resource \"terraform_data\" \"replica\"")), ("main.tf", LineOf(root, "main.tf", "resource \"terraform_data\" \"app\""))],
            locations.Select(l => ((string)l["artifactLocation"]!["uri"]!, (int)l["region"]!["startLine"]!)));
    }

    [Fact]
    public void The_same_report_gives_the_same_bytes() =>
        Assert.Equal(SarifReportWriter.Render(SuppressedReport(), new SarifOptions()), SarifReportWriter.Render(SuppressedReport(), new SarifOptions()));

    internal static int LineOf(string root, string file, string text) =>
        Array.FindIndex(File.ReadAllLines(Path.Combine(root, file)), l => l.StartsWith(text, StringComparison.Ordinal)) + 1;

    private static SarifOptions GoldenOptions(string fixture) => new()
    {
        ToolVersion = "0.0.0-golden",
        SourceLocator = new FileSystemSourceLocator(Path.Combine(RepoPaths.TerraformFixture(fixture), "v2")),
    };

    private static Model.Report SuppressedReport() => TestReports.Build(
        TestReports.HostilePlan(),
        Policy.Default with { Suppressions = [new SuppressionEntry("PRV101", "aws_db_instance.db", "restored from the nightly snapshot", 7)] });

    private static void AssertValid(string sarif)
    {
        var errors = Schema.Value.Validate(sarif);
        Assert.True(errors.Count == 0, string.Join("\n", errors.Select(e => $"{e.Path}: {e.Kind}")));
    }
}

public class SarifSchemaTests
{
    [Fact]
    public async Task The_schema_check_rejects_an_invalid_log()
    {
        var schema = await NJsonSchema.JsonSchema.FromJsonAsync(await File.ReadAllTextAsync(Path.Combine(RepoPaths.TestProject, "schemas", "sarif-2.1.0.json")));
        var log = JObject.Parse(SarifReportWriter.Render(TestReports.Build(TestReports.HostilePlan()), new SarifOptions()));
        Assert.Empty(schema.Validate(log.ToString()));
        log["runs"]![0]!["results"]![0]!["level"] = "fatal";
        Assert.NotEmpty(schema.Validate(log.ToString()));
    }
}
