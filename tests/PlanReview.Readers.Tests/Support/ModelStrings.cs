using System.Collections;
using System.Reflection;
using PlanReview.Core.Model;

namespace PlanReview.Readers.Tests.Support;

/// <summary>
/// Every string reachable from a read model: each string property, each collection item, each
/// <see cref="PlanValue"/> leaf and object key. Used to prove that a secret is nowhere in a plan.
/// </summary>
internal static class ModelStrings
{
    public static List<string> All(object root)
    {
        var result = new List<string>();
        Walk(root, result, new HashSet<object>(ReferenceEqualityComparer.Instance));
        return result;
    }

    private static void Walk(object? value, List<string> result, HashSet<object> seen)
    {
        switch (value)
        {
            case null:
                return;
            case string s:
                result.Add(s);
                return;
            case PlanValue.ObjectValue o:
                foreach (var (key, item) in o.Properties)
                {
                    result.Add(key);
                    Walk(item, result, seen);
                }

                return;
            case PlanValue.ListValue l:
                foreach (var item in l.Items)
                {
                    Walk(item, result, seen);
                }

                return;
            case PlanValue v:
                result.Add(v.ToString());
                return;
            case Enum or bool or int or long or decimal:
                return;
            case IDictionary dictionary:
                foreach (DictionaryEntry entry in dictionary)
                {
                    Walk(entry.Key, result, seen);
                    Walk(entry.Value, result, seen);
                }

                return;
            case IEnumerable items:
                foreach (var item in items)
                {
                    Walk(item, result, seen);
                }

                return;
        }

        if (value.GetType().IsValueType && value.GetType().Namespace?.StartsWith("System", StringComparison.Ordinal) == true)
        {
            return;
        }

        if (!seen.Add(value))
        {
            return;
        }

        foreach (var property in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length == 0)
            {
                Walk(property.GetValue(value), result, seen);
            }
        }
    }
}
