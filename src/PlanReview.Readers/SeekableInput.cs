namespace PlanReview.Readers;

/// <summary>
/// An input that can be opened again at any offset (a file, not a pipe), so that a reader may read
/// parts of it at the same time. Offsets count bytes of the UTF-8 document, after any byte order mark.
/// </summary>
/// <param name="Length">The length of the document in bytes.</param>
/// <param name="OpenAt">Opens a new stream positioned at an offset; the caller disposes it.</param>
public sealed record SeekableInput(long Length, Func<long, Stream> OpenAt);
