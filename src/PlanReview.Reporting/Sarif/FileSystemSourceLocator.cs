using System.Text.RegularExpressions;
using Newtonsoft.Json.Linq;
using PlanReview.Core.Graph;
using PlanReview.Reporting.Model;

namespace PlanReview.Reporting.Sarif;

/// <summary>
/// Finds declarations on disk, under a source root:
/// <list type="bullet">
/// <item>Terraform: the <c>resource "TYPE" "NAME"</c> (or <c>data</c>) block in the <c>.tf</c> files of the
/// module the address points to. Module folders come from the plan's module sources, else from the
/// <c>module "NAME"</c> block's <c>source</c> in the calling module, else from
/// <c>.terraform/modules/modules.json</c>; only local folders inside the root are searched.</item>
/// <item>CloudFormation: the line declaring the logical id under <c>Resources</c> in the template, when one is given.</item>
/// <item>Pulumi: the first program file (<c>*.ts</c>, <c>*.py</c>, <c>*.go</c>, <c>*.cs</c>, <c>Pulumi.yaml</c>) that
/// has the resource name as a quoted string.</item>
/// </list>
/// Files are read once and cached for the life of the locator; enumeration is sorted, so results are deterministic.
/// </summary>
public sealed partial class FileSystemSourceLocator : ISourceLocator
{
    private const long MaxProgramFileBytes = 1 << 20;

    private const int MaxProgramFiles = 5_000;

    private static readonly string[] PulumiPatterns = ["*.ts", "*.py", "*.go", "*.cs", "Pulumi.yaml"];

    private static readonly HashSet<string> SkippedFolders = new(StringComparer.Ordinal)
    {
        ".git", ".terraform", "node_modules", "bin", "obj", "venv", ".venv", "__pycache__", "vendor", "dist", "build",
    };

    private readonly string root;

    private readonly string? template;

    private readonly Dictionary<string, string[]> lines = new(StringComparer.Ordinal);

    private readonly Dictionary<(ReportPlan Plan, string ModulePath), string?> moduleFolders = [];

    private List<string>? programFiles;

    /// <param name="sourceRoot">The folder reported as <c>%SRCROOT%</c> (the root Terraform module, the Pulumi project).</param>
    /// <param name="cloudFormationTemplate">The CloudFormation template (YAML or JSON), when given.</param>
    public FileSystemSourceLocator(string sourceRoot, string? cloudFormationTemplate = null)
    {
        root = Path.GetFullPath(sourceRoot);
        template = cloudFormationTemplate is null ? null : Path.GetFullPath(cloudFormationTemplate);
    }

    public SourceLocation? Locate(ReportPlan plan, string address) => plan.Format switch
    {
        "terraform" => LocateTerraform(plan, address),
        "cloudformation" => LocateCloudFormation(address),
        "pulumi" => LocatePulumi(address),
        _ => null,
    };

    /// <summary>Splits <c>module.a[0].module.b["k"].data.aws_x.y[2]</c> into (<c>module.a.module.b</c>, <c>data</c>, <c>aws_x</c>, <c>y</c>).</summary>
    internal static (string ModulePath, string Kind, string Type, string Name)? ParseTerraformAddress(string address)
    {
        var parts = AddressScheme.StripTerraformInstanceKeys(address).Split('.');
        var i = 0;
        var modules = new List<string>();
        while (i + 1 < parts.Length && parts[i] == "module")
        {
            modules.Add("module." + parts[i + 1]);
            i += 2;
        }

        var kind = "resource";
        if (i < parts.Length && parts[i] == "data")
        {
            kind = "data";
            i++;
        }

        return parts.Length - i == 2 && parts[i].Length > 0 && parts[i + 1].Length > 0
            ? (string.Join(".", modules), kind, parts[i], parts[i + 1])
            : null;
    }

    private SourceLocation? LocateTerraform(ReportPlan plan, string address)
    {
        if (ParseTerraformAddress(address) is not { } parsed)
        {
            return null;
        }

        var folder = ModuleFolder(plan, parsed.ModulePath);
        if (folder is null)
        {
            return null;
        }

        var pattern = new Regex(
            $"^\\s*{parsed.Kind}\\s+\"?{Regex.Escape(parsed.Type)}\"?\\s+\"?{Regex.Escape(parsed.Name)}\"?\\s*\\{{",
            RegexOptions.CultureInvariant);
        foreach (var file in TerraformFiles(folder))
        {
            if (FindLine(file, pattern, hclComments: true) is { } line)
            {
                return Location(file, line.Line, line.Column);
            }
        }

        return null;
    }

    /// <summary>The folder of a module path, relative to the root; null when it is not a local folder inside the root.</summary>
    private string? ModuleFolder(ReportPlan plan, string modulePath)
    {
        if (modulePath.Length == 0)
        {
            return root;
        }

        var key = (plan, modulePath);
        if (moduleFolders.TryGetValue(key, out var cached))
        {
            return cached;
        }

        var lastModule = modulePath.LastIndexOf(".module.", StringComparison.Ordinal);
        var parentPath = lastModule < 0 ? string.Empty : modulePath[..lastModule];
        var name = modulePath[(modulePath.LastIndexOf('.') + 1)..];
        var parent = ModuleFolder(plan, parentPath);
        string? folder = null;
        if (parent is not null)
        {
            var source = plan.ModuleSources.TryGetValue(modulePath, out var s) ? s : ModuleSourceFromCall(parent, name);
            if (source is not null && (source.StartsWith("./", StringComparison.Ordinal) || source.StartsWith("../", StringComparison.Ordinal)))
            {
                folder = Path.GetFullPath(Path.Combine(parent, source));
            }
            else
            {
                folder = ModuleDirFromManifest(modulePath);
            }
        }

        if (folder is not null && (!IsInsideRoot(folder) || !Directory.Exists(folder)))
        {
            folder = null;
        }

        moduleFolders[key] = folder;
        return folder;
    }

    /// <summary>Reads <c>source = "…"</c> from the <c>module "NAME" {</c> block of the calling module.</summary>
    private string? ModuleSourceFromCall(string folder, string name)
    {
        var call = new Regex($"^\\s*module\\s+\"?{Regex.Escape(name)}\"?\\s*\\{{", RegexOptions.CultureInvariant);
        foreach (var file in TerraformFiles(folder))
        {
            if (FindLine(file, call, hclComments: true) is not { } start)
            {
                continue;
            }

            var text = Lines(file);
            for (var i = start.Line; i < text.Length && !text[i].StartsWith('}'); i++)
            {
                var match = SourceAttribute().Match(text[i]);
                if (match.Success)
                {
                    return match.Groups[1].Value;
                }
            }
        }

        return null;
    }

    /// <summary>Terraform's own record of installed modules (<c>terraform init</c>), for module calls we could not read.</summary>
    private string? ModuleDirFromManifest(string modulePath)
    {
        var manifest = Path.Combine(root, ".terraform", "modules", "modules.json");
        if (!File.Exists(manifest))
        {
            return null;
        }

        try
        {
            var key = modulePath.Replace("module.", string.Empty, StringComparison.Ordinal);
            var entry = JObject.Parse(File.ReadAllText(manifest))["Modules"]?.FirstOrDefault(m => (string?)m["Key"] == key);
            var dir = (string?)entry?["Dir"];
            return dir is null || dir.StartsWith(".terraform", StringComparison.Ordinal) ? null : Path.GetFullPath(Path.Combine(root, dir));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or Newtonsoft.Json.JsonException)
        {
            return null;
        }
    }

    private SourceLocation? LocateCloudFormation(string address)
    {
        // Stack/LogicalId: resources of nested stacks (Stack/Nested/LogicalId) are declared in other templates.
        var parts = address.Split('/');
        if (template is null || parts.Length != 2 || !File.Exists(template))
        {
            return null;
        }

        var logicalId = Regex.Escape(parts[1]);
        var text = Lines(template);
        var resources = Array.FindIndex(text, l => ResourcesKey().IsMatch(l));
        if (resources < 0)
        {
            return null;
        }

        // The resources are the keys one level under Resources: the indentation of its first key.
        var childIndent = -1;
        var declaration = new Regex($"^(\\s*)[\"']?{logicalId}[\"']?\\s*:", RegexOptions.CultureInvariant);
        for (var i = resources + 1; i < text.Length; i++)
        {
            var line = text[i];
            var trimmed = line.TrimStart();
            if (trimmed.Length == 0 || trimmed.StartsWith('#'))
            {
                continue;
            }

            var indent = line.Length - trimmed.Length;
            if (childIndent < 0)
            {
                childIndent = indent;
            }
            else if (indent < childIndent)
            {
                break;
            }

            if (indent == childIndent && declaration.IsMatch(line))
            {
                return Location(template, i + 1, indent + 1);
            }
        }

        return null;
    }

    private SourceLocation? LocatePulumi(string address)
    {
        var separator = address.LastIndexOf("::", StringComparison.Ordinal);
        if (!address.StartsWith("urn:pulumi:", StringComparison.Ordinal) || separator < 0)
        {
            return null;
        }

        var name = address[(separator + 2)..];
        if (name.Length == 0)
        {
            return null;
        }

        var quoted = new Regex($"[\"']{Regex.Escape(name)}[\"']", RegexOptions.CultureInvariant);
        foreach (var file in ProgramFiles())
        {
            if (FindLine(file, quoted, hclComments: false) is { } line)
            {
                return Location(file, line.Line, line.Column);
            }
        }

        return null;
    }

    private List<string> ProgramFiles()
    {
        if (programFiles is not null)
        {
            return programFiles;
        }

        programFiles = [];
        var pending = new Stack<string>();
        pending.Push(root);
        var found = new List<string>();
        while (pending.Count > 0 && found.Count < MaxProgramFiles)
        {
            var folder = pending.Pop();
            try
            {
                found.AddRange(PulumiPatterns.SelectMany(p => Directory.EnumerateFiles(folder, p)).Where(f => new FileInfo(f).Length <= MaxProgramFileBytes));
                foreach (var child in Directory.EnumerateDirectories(folder).Where(d => !SkippedFolders.Contains(Path.GetFileName(d))).OrderDescending(StringComparer.Ordinal))
                {
                    pending.Push(child);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // An unreadable folder only means fewer locations.
            }
        }

        // Pulumi.yaml first (YAML programs), then by path: the same answer on every machine.
        programFiles = found.Distinct(StringComparer.Ordinal)
            .OrderBy(f => Path.GetFileName(f) == "Pulumi.yaml" ? 0 : 1)
            .ThenBy(f => Path.GetRelativePath(root, f).Replace('\\', '/'), StringComparer.Ordinal)
            .ToList();
        return programFiles;
    }

    private static IEnumerable<string> TerraformFiles(string folder)
    {
        try
        {
            return Directory.EnumerateFiles(folder, "*.tf").Order(StringComparer.Ordinal).ToList();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    /// <summary>The first line matching <paramref name="pattern"/>, skipping HCL comments (<c>#</c>, <c>//</c>, <c>/* */</c>) when asked.</summary>
    private (int Line, int Column)? FindLine(string file, Regex pattern, bool hclComments)
    {
        var text = Lines(file);
        var inBlockComment = false;
        for (var i = 0; i < text.Length; i++)
        {
            var line = text[i];
            if (hclComments)
            {
                if (inBlockComment)
                {
                    var end = line.IndexOf("*/", StringComparison.Ordinal);
                    if (end < 0)
                    {
                        continue;
                    }

                    inBlockComment = false;
                    line = new string(' ', end + 2) + line[(end + 2)..];
                }

                var trimmed = line.TrimStart();
                if (trimmed.StartsWith('#') || trimmed.StartsWith("//", StringComparison.Ordinal))
                {
                    continue;
                }

                if (trimmed.StartsWith("/*", StringComparison.Ordinal))
                {
                    inBlockComment = !trimmed.Contains("*/", StringComparison.Ordinal);
                    continue;
                }
            }

            var match = pattern.Match(line);
            if (match.Success)
            {
                var column = match.Index + (match.Value.Length - match.Value.TrimStart().Length) + 1;
                return (i + 1, column);
            }
        }

        return null;
    }

    private string[] Lines(string file)
    {
        if (!lines.TryGetValue(file, out var text))
        {
            try
            {
                text = File.ReadAllLines(file);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                text = [];
            }

            lines[file] = text;
        }

        return text;
    }

    private bool IsInsideRoot(string path)
    {
        var relative = Path.GetRelativePath(root, path);
        return relative != ".." && !relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal) && !Path.IsPathRooted(relative);
    }

    private SourceLocation? Location(string file, int line, int column) =>
        IsInsideRoot(file) ? new SourceLocation(Path.GetRelativePath(root, file).Replace('\\', '/'), line, column) : null;

    [GeneratedRegex("^\\s*source\\s*=\\s*\"([^\"]+)\"", RegexOptions.CultureInvariant)]
    private static partial Regex SourceAttribute();

    [GeneratedRegex("^\\s*[\"']?Resources[\"']?\\s*:", RegexOptions.CultureInvariant)]
    private static partial Regex ResourcesKey();
}
