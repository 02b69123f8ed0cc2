using PlanReview.Core.Model;

namespace PlanReview.Readers;

/// <summary>
/// Reads one plan document of one tool, streaming (never the whole document in memory), and
/// returns the normalised, redacted model. Unusable input throws <see cref="PlanReadException"/>.
/// </summary>
public interface IPlanReader
{
    PlanFormat Format { get; }

    /// <summary>The kind of document this reader reads (the detector's verdict that selects it).</summary>
    InputKind Kind { get; }

    /// <param name="text">The decoded text (the loader handles byte order marks and UTF-16).</param>
    /// <param name="source">The file name for messages (<c>-</c> for standard input).</param>
    Plan Read(TextReader text, string source, CancellationToken cancellationToken = default);
}
