namespace PlanReview.Readers;

/// <summary>
/// The input cannot be used as a plan. <see cref="Exception.Message"/> is one line for the user:
/// it names the file and the problem and, where it helps, what to do next. The CLI prints it and exits 2.
/// </summary>
public sealed class PlanReadException : Exception
{
    public PlanReadException(string source, string problem)
        : base($"{source}: {problem}") => Source = source;

    public PlanReadException(string source, string problem, Exception inner)
        : base($"{source}: {problem}", inner) => Source = source;

    /// <summary>The file the problem is in (<c>-</c> for standard input).</summary>
    public new string Source { get; }
}
