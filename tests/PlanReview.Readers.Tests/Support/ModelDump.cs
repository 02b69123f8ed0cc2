using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text;
using PlanReview.Core.Model;

namespace PlanReview.Readers.Tests.Support;

/// <summary>
/// A read model written out as text, every property and item in order, so two reads can be compared
/// as a whole (records holding immutable arrays do not compare their contents themselves).
/// </summary>
internal static class ModelDump
{
    public static string Of(object root)
    {
        var text = new StringBuilder();
        Write(root, text, 0);
        return text.ToString();
    }

    private static void Write(object? value, StringBuilder text, int depth)
    {
        switch (value)
        {
            case null:
                text.Append("null");
                return;
            case string s:
                text.Append('"').Append(s).Append('"');
                return;
            case PlanValue.ObjectValue o:
                text.Append('{');
                foreach (var (key, item) in o.Properties)
                {
                    text.Append(key).Append(':');
                    Write(item, text, depth + 1);
                    text.Append(',');
                }

                text.Append('}');
                return;
            case PlanValue.ListValue l:
                text.Append('[');
                foreach (var item in l.Items)
                {
                    Write(item, text, depth + 1);
                    text.Append(',');
                }

                text.Append(']');
                return;
            case PlanValue leaf:
                text.Append(leaf.GetType().Name).Append('(').Append(leaf).Append(')');
                return;
            case IFormattable or bool or Enum:
                text.Append(Convert.ToString(value, CultureInfo.InvariantCulture));
                return;
            case IEnumerable items:
                text.Append('[');
                foreach (var item in items)
                {
                    Write(item, text, depth + 1);
                    text.Append(',');
                }

                text.Append(']');
                return;
        }

        text.Append(value.GetType().Name).Append('{');
        foreach (var property in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0).OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            text.Append('\n').Append(' ', depth * 2).Append(property.Name).Append('=');
            Write(property.GetValue(value), text, depth + 1);
        }

        text.Append('}');
    }
}
