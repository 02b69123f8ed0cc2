namespace PlanReview.Readers.Pulumi;

/// <summary>
/// A Pulumi URN, <c>urn:pulumi:STACK::PROJECT::QUALIFIED-TYPE::NAME</c> (plan-formats.md §3.5): split on
/// the first three <c>::</c> only, because the name may itself contain <c>::</c>; the resource's own type
/// is the part of the qualified type after the last <c>$</c> (the rest are its parents' types).
/// </summary>
internal sealed record PulumiUrn(string Stack, string Project, string QualifiedType, string Type, string Name)
{
    private const string Prefix = "urn:pulumi:";

    /// <summary>The package of the type token (<c>aws</c> in <c>aws:rds/instance:Instance</c>).</summary>
    public string Package
    {
        get
        {
            var colon = Type.IndexOf(':', StringComparison.Ordinal);
            return colon < 0 ? Type : Type[..colon];
        }
    }

    public static PulumiUrn? TryParse(string? urn)
    {
        if (urn is null || !urn.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var rest = urn.AsSpan(Prefix.Length);
        var parts = new string[3];
        for (var i = 0; i < 3; i++)
        {
            var at = rest.IndexOf("::", StringComparison.Ordinal);
            if (at < 0)
            {
                return null;
            }

            parts[i] = rest[..at].ToString();
            rest = rest[(at + 2)..];
        }

        var qualified = parts[2];
        var dollar = qualified.LastIndexOf('$');
        var type = dollar < 0 ? qualified : qualified[(dollar + 1)..];
        return new PulumiUrn(parts[0], parts[1], qualified, type, rest.ToString());
    }
}
