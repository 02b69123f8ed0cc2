using System.Text;

namespace PlanReview.Cli.Commands;

/// <summary>Where a report goes: a file (its folder created, UTF-8 without BOM, LF line ends), or standard output for <c>-</c>.</summary>
internal static class OutputFile
{
    public static void Write(string? path, TextWriter stdout, Action<TextWriter> write)
    {
        if (path is null)
        {
            return;
        }

        if (path == "-")
        {
            write(stdout);
            return;
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        using var file = new StreamWriter(path, append: false, new UTF8Encoding(false)) { NewLine = "\n" };
        write(file);
    }
}
