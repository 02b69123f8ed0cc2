using PlanReview.Core.Model;

namespace PlanReview.Readers;

/// <summary>
/// A reader that reads the UTF-8 bytes themselves, without decoding them to text first; the loader
/// prefers this entry point when a reader offers it (the Terraform reader, whose plans are the largest).
/// </summary>
public interface IUtf8PlanReader
{
    /// <param name="utf8Json">The document as UTF-8 without a byte order mark (the loader transcodes UTF-16 and strips marks).</param>
    /// <param name="source">The file name for messages (<c>-</c> for standard input).</param>
    /// <param name="seekable">Set when the input can be opened again at an offset (a file), which a reader may use to read parts at once.</param>
    Plan Read(Stream utf8Json, string source, SeekableInput? seekable, CancellationToken cancellationToken = default);
}
