namespace PlanReview.Core.Configuration;

/// <summary>The policy file cannot be used; the message names the file, the line and what to do.</summary>
public sealed class PolicyException : Exception
{
    public PolicyException(string message)
        : base(message)
    {
    }

    public PolicyException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
