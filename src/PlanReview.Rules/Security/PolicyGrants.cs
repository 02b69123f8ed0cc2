using System.Collections.Immutable;
using PlanReview.Core;
using PlanReview.Core.Model;
using PlanReview.Rules.Protection;

namespace PlanReview.Rules.Security;

/// <summary>Where a resource type keeps an AWS IAM policy document (a JSON string in Terraform and Pulumi, an object in CloudFormation).</summary>
internal sealed record PolicyDocumentLocation(PlanFormat Format, string Type, string Path)
{
    public bool AppliesTo(PlanFormat format, string type) => Format == format && Glob.IsMatch(Type, type);
}

/// <summary>Where a resource type keeps Google Cloud IAM bindings: a role and its members, at the root or in a policy's bindings.</summary>
internal sealed record GoogleBindingLocation(PlanFormat Format, string Type, string? BindingsPath, string RoleField, string MembersField)
{
    public bool AppliesTo(PlanFormat format, string type) => Format == format && Glob.IsMatch(Type, type);
}

/// <summary>Finds the dangerous grants in policy documents and bindings. Every phrase is built from constants, never from plan text.</summary>
internal static class PolicyGrants
{
    private static readonly ImmutableArray<string> Wildcard = ["*"];

    private static readonly ImmutableHashSet<string> NoGrants = ImmutableHashSet.Create<string>(StringComparer.Ordinal);

    /// <summary>
    /// The wildcard grants of one AWS policy document: Allow statements with an administrator action on Resource <c>*</c>,
    /// and Allow statements for Principal <c>*</c> without a Condition. Null when the document is unknown or masked.
    /// A value that is not a JSON policy yields no grant (invalid JSON is tolerated, never thrown).
    /// </summary>
    public static ImmutableHashSet<string>? InDocument(PlanValue? resource, string path, ImmutableArray<string> adminActions)
    {
        // Parsed documents are never unknown or masked: only the values they are read from can be.
        var values = AttributePath.Select(resource, path);
        if (values.Any(AttributePath.IsIndeterminate))
        {
            return null;
        }

        if (values.IsEmpty)
        {
            // Most resources of a matching type have no such document.
            return NoGrants;
        }

        var documents = values.SelectMany(v => AttributePath.Select(v, "$json"));

        var where = AttributePath.Display(path);
        var result = ImmutableHashSet.CreateBuilder<string>(StringComparer.Ordinal);
        foreach (var statement in documents.SelectMany(d => AttributePath.Select(d, "Statement.*")))
        {
            if (!string.Equals(statement.Get("Effect")?.AsString(), "Allow", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var actions = Strings(statement, "Action");
            var resources = Strings(statement, "Resource");
            if (resources.Contains("*", StringComparer.Ordinal))
            {
                foreach (var action in adminActions.Where(a => actions.Contains(a, StringComparer.OrdinalIgnoreCase)))
                {
                    result.Add($"Action {action} on Resource * in {where}");
                }
            }

            var principal = statement.Get("Principal");
            var anyone = principal?.AsString() == "*" ||
                (principal is PlanValue.ObjectValue o && o.Properties.Values.Any(v => AttributePath.Flatten([v]).Any(p => p.AsString() == "*")));
            var conditioned = statement.Get("Condition") is PlanValue.ObjectValue { Properties.Count: > 0 };
            if (anyone && !conditioned)
            {
                result.Add($"Principal * without a Condition in {where}");
            }
        }

        return result.ToImmutable();
    }

    /// <summary>The (role, public member) grants of one binding location, as "roles/owner to allUsers"; null when unknown.</summary>
    public static ImmutableHashSet<string>? InBindings(PlanValue? resource, GoogleBindingLocation location, ImmutableArray<string> roles, ImmutableArray<string> members)
    {
        var bindings = location.BindingsPath is null ? (resource is null ? [] : [resource]) : AttributePath.Select(resource, location.BindingsPath);
        var result = ImmutableHashSet.CreateBuilder<string>(StringComparer.Ordinal);
        foreach (var binding in bindings)
        {
            var role = AttributePath.Select(binding, location.RoleField);
            var who = AttributePath.Flatten(AttributePath.Select(binding, location.MembersField)).ToArray();
            if (AttributePath.IsIndeterminate(binding) || role.Any(AttributePath.IsIndeterminate) || who.Any(AttributePath.IsIndeterminate))
            {
                return null;
            }

            var grantedRole = roles.FirstOrDefault(r => role.Any(v => v.AsString() == r));
            if (grantedRole is null)
            {
                continue;
            }

            foreach (var member in members.Where(m => who.Any(v => v.AsString() == m)))
            {
                result.Add($"{grantedRole} to {member}");
            }
        }

        return result.ToImmutable();
    }

    private static string[] Strings(PlanValue statement, string field) =>
        AttributePath.Flatten(AttributePath.Select(statement, field)).Select(v => v.AsString()).OfType<string>().ToArray();
}
