namespace PlanReview.Core.Categories;

/// <summary>What a resource is, as far as destroying it matters.</summary>
public enum ResourceCategory
{
    /// <summary>Not in the table: destroying it is at least a warning.</summary>
    Unknown = 0,

    /// <summary>Holds data that is lost with the object (databases, buckets, volumes, queues, file systems).</summary>
    Data,

    /// <summary>An encryption key: destroying it makes everything encrypted with it unreadable.</summary>
    EncryptionKey,

    /// <summary>Users, roles, service accounts, identity pools: who may do what.</summary>
    Identity,

    /// <summary>Networks, subnets, gateways, load balancers, firewalls.</summary>
    Network,

    /// <summary>DNS zones and records.</summary>
    Dns,

    /// <summary>Instances, functions, clusters, services: replaceable, but running.</summary>
    Compute,

    /// <summary>Deleting it deletes children that are not in the plan (resource groups, projects, namespaces, stacks).</summary>
    Container,

    /// <summary>Known and harmless to recreate (glue resources, attachments, helpers such as terraform_data).</summary>
    Other,
}

public static class ResourceCategoryNames
{
    public static string ToWireName(this ResourceCategory category) => category switch
    {
        ResourceCategory.Data => "data",
        ResourceCategory.EncryptionKey => "encryption-key",
        ResourceCategory.Identity => "identity",
        ResourceCategory.Network => "network",
        ResourceCategory.Dns => "dns",
        ResourceCategory.Compute => "compute",
        ResourceCategory.Container => "container",
        ResourceCategory.Other => "other",
        _ => "unknown",
    };

    public static bool TryParse(string? text, out ResourceCategory category)
    {
        foreach (var candidate in Enum.GetValues<ResourceCategory>())
        {
            if (string.Equals(candidate.ToWireName(), text, StringComparison.OrdinalIgnoreCase))
            {
                category = candidate;
                return true;
            }
        }

        category = ResourceCategory.Unknown;
        return false;
    }

    /// <summary>Data stores and keys: destroying them loses what cannot be recreated.</summary>
    public static bool IsStateful(this ResourceCategory category) =>
        category is ResourceCategory.Data or ResourceCategory.EncryptionKey;
}
