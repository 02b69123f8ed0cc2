using PlanReview.Core.Model;

namespace PlanReview.Core.Graph;

/// <summary>
/// How instance addresses group into configuration addresses, per tool. Terraform dependency data
/// names configuration addresses (<c>module.db.aws_db_instance.main</c>) while changes name
/// instances (<c>module.db[0].aws_db_instance.main["a"]</c>); the others use one address per object.
/// </summary>
public static class AddressScheme
{
    public static string ToConfigAddress(PlanFormat format, string address) =>
        format == PlanFormat.Terraform ? StripTerraformInstanceKeys(address) : address;

    /// <summary>
    /// Removes every <c>[key]</c> from a Terraform address, honouring quoted keys that themselves
    /// contain brackets or escaped quotes (<c>x["a]\"b"]</c>).
    /// </summary>
    public static string StripTerraformInstanceKeys(string address)
    {
        if (address.IndexOf('[', StringComparison.Ordinal) < 0)
        {
            return address;
        }

        var buffer = address.Length <= 256 ? stackalloc char[256] : new char[address.Length];
        return new string(buffer[..StripTerraformInstanceKeys(address, buffer)]);
    }

    /// <summary>
    /// <see cref="StripTerraformInstanceKeys(string)"/> without allocating: writes the address without its keys
    /// into <paramref name="destination"/> (at least as long as the address) and returns the number of characters written.
    /// </summary>
    public static int StripTerraformInstanceKeys(ReadOnlySpan<char> address, Span<char> destination)
    {
        var written = 0;
        var depth = 0;
        var inString = false;
        for (var i = 0; i < address.Length; i++)
        {
            var c = address[i];
            if (inString)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '"')
                {
                    inString = false;
                }

                continue;
            }

            switch (c)
            {
                case '"' when depth > 0:
                    inString = true;
                    break;
                case '[':
                    depth++;
                    break;
                case ']' when depth > 0:
                    depth--;
                    break;
                default:
                    if (depth == 0)
                    {
                        destination[written++] = c;
                    }

                    break;
            }
        }

        return written;
    }

    /// <summary>
    /// The steps of a Terraform address: split on dots outside index brackets and quoted keys
    /// (<c>module.a["x.y"].aws_s3_bucket.b</c> → <c>module</c>, <c>a["x.y"]</c>, <c>aws_s3_bucket</c>, <c>b</c>).
    /// </summary>
    public static List<string> TopLevelSegments(string address)
    {
        var segments = new List<string>();
        var start = 0;
        var depth = 0;
        var quoted = false;
        for (var i = 0; i < address.Length; i++)
        {
            var ch = address[i];
            if (quoted)
            {
                if (ch == '\\')
                {
                    i++;
                }
                else if (ch == '"')
                {
                    quoted = false;
                }

                continue;
            }

            switch (ch)
            {
                case '"':
                    quoted = true;
                    break;
                case '[':
                    depth++;
                    break;
                case ']':
                    depth--;
                    break;
                case '.' when depth == 0:
                    segments.Add(address[start..i]);
                    start = i + 1;
                    break;
            }
        }

        segments.Add(address[start..]);
        return segments;
    }
}
