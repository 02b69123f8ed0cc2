namespace PlanReview.Readers.Terraform;

/// <summary>
/// Text composed in one reused buffer, so that a name built from parts (a configuration node) can be looked
/// up in the <see cref="StringPool"/> without a string of its own.
/// </summary>
internal sealed class TextBuilder
{
    private char[] buffer = new char[256];
    private int length;

    /// <summary>The text composed so far; valid until the builder is next changed.</summary>
    public ReadOnlySpan<char> Text => buffer.AsSpan(0, length);

    public TextBuilder Clear()
    {
        length = 0;
        return this;
    }

    public TextBuilder Append(ReadOnlySpan<char> text)
    {
        if (buffer.Length < length + text.Length)
        {
            Array.Resize(ref buffer, Math.Max(length + text.Length, buffer.Length * 2));
        }

        text.CopyTo(buffer.AsSpan(length));
        length += text.Length;
        return this;
    }
}
