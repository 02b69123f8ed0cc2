namespace PlanReview.Core.Analysis;

/// <summary>
/// Every diagnostic id, in one table. A hundred-block per category: 1xx destroy/replace,
/// 2xx protection weakened, 3xx scope and size, 4xx security exposure, 5xx provenance and gate
/// tampering, 9xx input integrity and configuration. Ids are never reused.
/// </summary>
public static class RuleIds
{
    public const string StatefulResourceDestroyed = "PRV101";
    public const string StatefulResourceReplaced = "PRV102";
    public const string DestroyBeforeCreateReplacement = "PRV103";
    public const string ContainerDestroyed = "PRV104";
    public const string DeletionCausedByRefactor = "PRV105";
    public const string ReplacementNotFromCode = "PRV106";
    public const string ImportedResourceDestroyed = "PRV107";
    public const string ResourceForgotten = "PRV108";
    public const string UnknownCategoryDestroyed = "PRV109";
    public const string PossibleReplacement = "PRV110";
    public const string ProtectedResourceDeleted = "PRV111";

    public const string DeletionProtectionDisabled = "PRV201";
    public const string BackupWeakened = "PRV202";
    public const string ForceDestroyArmed = "PRV203";

    public const string DestructiveCountOverThreshold = "PRV301";
    public const string WideBlastRadius = "PRV302";
    public const string MostOfStateDestroyed = "PRV303";
    public const string RootOutputRemoved = "PRV304";

    public const string IngressOpenToWorld = "PRV401";
    public const string ResourceMadePublic = "PRV402";
    public const string WildcardIamGrant = "PRV403";

    public const string GateConfigurationChanged = "PRV501";
    public const string GateWorkflowChanged = "PRV502";
    public const string AiAuthoredPullRequest = "PRV503";

    public const string AnalyzerFailed = "PRV900";
    public const string PlanErrored = "PRV901";
    public const string PlanIncomplete = "PRV902";
    public const string UnknownAction = "PRV903";
    public const string UnjustifiedSuppression = "PRV904";
    public const string UnusedSuppression = "PRV905";
}
