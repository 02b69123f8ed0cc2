using Newtonsoft.Json.Linq;
using System.Collections.Immutable;
using System.Text.RegularExpressions;
using PlanReview.Core.Model;

namespace PlanReview.Readers.Pulumi;

/// <summary>
/// Folds the engine steps of a preview digest or an event log into one change per URN, the same way
/// for both inputs.
/// </summary>
/// <remarks>
/// <para>Step <c>op</c> → model (plan-formats.md §3.4):</para>
/// <list type="table">
/// <listheader><term>op</term><description>model</description></listheader>
/// <item><term><c>same</c></term><description>NoOp</description></item>
/// <item><term><c>create</c></term><description>Create</description></item>
/// <item><term><c>update</c></term><description>Update</description></item>
/// <item><term><c>delete</c></term><description>Delete; fate Retained with <c>retainOnDelete</c>, else Destroyed</description></item>
/// <item><term><c>replace</c></term><description>Replace; order Unspecified unless the physical steps (or <c>deleteBeforeReplace</c>) say</description></item>
/// <item><term><c>create-replacement</c>, <c>delete-replaced</c></term><description>folded into the replace of the same URN; <c>delete-replaced</c> before <c>create-replacement</c> = DeleteFirst, after = CreateFirst</description></item>
/// <item><term><c>delete-replaced</c> alone</term><description>Delete of the old object left by an earlier replacement (<c>delete: true</c>), kept as a separate row with <see cref="ResourceChange.Deposed"/> like Terraform's deposed objects</description></item>
/// <item><term><c>read</c></term><description>Read, mode Data</description></item>
/// <item><term><c>refresh</c></term><description>folded into another step of the same URN; alone: NoOp, or Update when it comes with a diff</description></item>
/// <item><term><c>import</c></term><description>NoOp with Importing (an existing object is adopted)</description></item>
/// <item><term><c>import-replacement</c></term><description>Replace with Importing</description></item>
/// <item><term><c>read-replacement</c></term><description>Replace by an external read; mode Data when the old object was external too (nothing managed is destroyed), else Managed, because <c>delete-replaced</c> really deletes the managed object</description></item>
/// <item><term><c>discard</c></term><description>Forget, fate Forgotten, mode Data: an external read is dropped from state, nothing is deleted</description></item>
/// <item><term><c>discard-replaced</c></term><description>folded into the replace: fate Forgotten (the old object was external, nothing is deleted); alone: Forget of the old object</description></item>
/// <item><term><c>remove-pending-replace</c></term><description>NoOp: it only clears the pending-replacement mark an interrupted delete-before-replace left in state; the delete already happened in that earlier run</description></item>
/// <item><term><c>diff</c>, <c>extend-parameterize</c></term><description>NoOp (import diff, provider parameterization)</description></item>
/// <item><term>anything else</term><description>Unknown (PRV903), never guessed</description></item>
/// </list>
/// </remarks>
internal sealed partial class PulumiPlanBuilder
{
    private static readonly HashSet<string> ReplacementOps = new(StringComparer.Ordinal)
    {
        "replace", "create-replacement", "import-replacement", "read-replacement",
    };

    private static readonly HashSet<string> PhysicalCreateOps = new(StringComparer.Ordinal)
    {
        "create-replacement", "import-replacement", "read-replacement",
    };

    private static readonly HashSet<string> PhysicalDeleteOps = new(StringComparer.Ordinal)
    {
        "delete-replaced", "discard-replaced",
    };

    private readonly List<string> order = [];
    private readonly Dictionary<string, List<PulumiStep>> byUrn = new(StringComparer.Ordinal);
    private readonly List<ToolMessage> diagnostics = [];
    private readonly HashSet<string> failedUrns = new(StringComparer.Ordinal);
    private bool globalError;
    private bool engineError;
    private int stepCount;

    public int StepCount => stepCount;

    public void AddStep(PulumiStep step)
    {
        stepCount++;
        if (!byUrn.TryGetValue(step.Urn, out var steps))
        {
            byUrn[step.Urn] = steps = [];
            order.Add(step.Urn);
        }

        steps.Add(step);
    }

    /// <summary>A diagnostic of the tool; only errors and warnings are kept (info and debug are program chatter).</summary>
    public void AddDiagnostic(string? severity, string? message, string? urn)
    {
        if (severity is not ("error" or "warning") || string.IsNullOrWhiteSpace(message))
        {
            return;
        }

        var address = string.IsNullOrEmpty(urn) ? null : urn;
        diagnostics.Add(new ToolMessage(severity, Clean(message), address));
        if (severity == "error")
        {
            if (address is null)
            {
                globalError = true;
            }
            else
            {
                failedUrns.Add(address);
            }
        }
    }

    /// <summary>A resource operation failed (<c>resOpFailedEvent</c>).</summary>
    public void AddFailedOperation(string? urn)
    {
        if (!string.IsNullOrEmpty(urn))
        {
            failedUrns.Add(urn);
        }
    }

    /// <summary>An engine error that is not tied to a resource (<c>errorEvent</c>): the run failed.</summary>
    public void AddEngineError(string message)
    {
        diagnostics.Add(new ToolMessage("error", Clean(message), null));
        engineError = true;
    }

    public void AddMessage(string severity, string message) => diagnostics.Add(new ToolMessage(severity, message, null));

    /// <summary>Builds the plan.</summary>
    /// <param name="source">The file name.</param>
    /// <param name="runFailed">The engine said the run failed (<c>summaryEvent.result</c>).</param>
    /// <param name="complete">False when the input is known to be partial.</param>
    public Plan Build(string source, bool runFailed, bool? complete)
    {
        var errorsByUrn = diagnostics.Where(d => d.Severity == "error" && d.Address is not null)
            .GroupBy(d => d.Address!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().Message, StringComparer.Ordinal);

        var changes = ImmutableArray.CreateBuilder<ResourceChange>();
        var edges = ImmutableArray.CreateBuilder<DependencyEdge>();
        var seenEdges = new HashSet<(string, string, string)>();
        foreach (var urn in order)
        {
            var steps = byUrn[urn];
            foreach (var change in Fold(urn, steps))
            {
                changes.Add(errorsByUrn.TryGetValue(urn, out var error)
                    ? change with { Properties = change.Properties.SetItem("toolError", error) }
                    : change);
            }

            foreach (var step in steps)
            {
                foreach (var state in new[] { step.Old, step.New })
                {
                    if (state is null)
                    {
                        continue;
                    }

                    foreach (var dependency in state.Dependencies)
                    {
                        AddEdge(urn, dependency, "dependencies");
                    }

                    foreach (var dependency in state.PropertyDependencies)
                    {
                        AddEdge(urn, dependency, "propertyDependencies");
                    }

                    if (state.Parent is { } parent)
                    {
                        AddEdge(urn, parent, "parent");
                    }
                }
            }
        }

        void AddEdge(string dependent, string dependency, string edgeSource)
        {
            if (dependent != dependency && seenEdges.Add((dependent, dependency, edgeSource)))
            {
                edges.Add(new DependencyEdge(dependent, dependency, edgeSource));
            }
        }

        var built = changes.ToImmutable();

        // A protected delete or replace fails at apply, and in preview too: Pulumi reports it as an error
        // and the run as failed. That is the expected outcome of a preview that contains one, and rule
        // PRV111 reports it; it does not make the rest of the plan unreadable. Any other failure does.
        var explained = built.Where(c => c.Protected && c.Action.IsDestructive()).Select(c => c.Address).ToHashSet(StringComparer.Ordinal);
        var unexplained = failedUrns.Any(u => !explained.Contains(u));
        var errored = engineError || unexplained || ((runFailed || globalError) && failedUrns.Count == 0);

        var stack = order.Select(PulumiUrn.TryParse).FirstOrDefault(u => u is not null);
        return new Plan
        {
            Source = source,
            Format = PlanFormat.Pulumi,
            Changes = built,
            Dependencies = edges.ToImmutable(),
            Messages = diagnostics.ToImmutableArray(),
            Errored = errored,
            Complete = complete,
            Stack = stack is null ? null : $"{stack.Project}/{stack.Stack}",
            PriorResourceCount = priorResourceCount,
        };
    }

    private int? priorResourceCount;

    /// <summary>
    /// Takes the engine's counts (<c>changeSummary</c> or <c>summaryEvent.resourceChanges</c>). The default digest
    /// hides unchanged resources, so these counts are the only way to know how many resources exist already:
    /// every logical op but create applies to an existing resource (plan-formats.md §3.8).
    /// </summary>
    public void SetSummary(JObject? counts)
    {
        if (counts is null)
        {
            return;
        }

        var total = 0;
        foreach (var op in new[] { "same", "update", "delete", "replace" })
        {
            if (counts[op] is JValue { Type: JTokenType.Integer } value && (long)value >= 0 && (long)value < int.MaxValue - total)
            {
                total += (int)(long)value;
            }
        }

        priorResourceCount = total;
    }

    private static IEnumerable<ResourceChange> Fold(string urn, List<PulumiStep> steps)
    {
        var rawAction = string.Join(",", steps.Select(s => s.Op));
        if (steps.Any(s => ReplacementOps.Contains(s.Op)))
        {
            yield return Replacement(urn, steps, rawAction);
            yield break;
        }

        var logical = steps.Where(s => !PhysicalDeleteOps.Contains(s.Op) && s.Op != "refresh").ToList();
        var main = logical.Count > 0 ? logical.MaxBy(s => Rank(s.Op)) : steps.LastOrDefault(s => s.Op == "refresh");
        if (main is not null)
        {
            yield return Single(urn, main, logical.Count > 1 ? rawAction : main.Op);
        }

        // The old object of an earlier replacement, still waiting for deletion: a row of its own.
        foreach (var physical in steps.Where(s => PhysicalDeleteOps.Contains(s.Op)))
        {
            var discard = physical.Op == "discard-replaced";
            yield return Base(urn, physical) with
            {
                Action = discard ? ChangeAction.Forget : ChangeAction.Delete,
                Fate = discard ? ObjectFate.Forgotten : physical.Old?.RetainOnDelete == true ? ObjectFate.Retained : ObjectFate.Destroyed,
                Deposed = "pending-delete",
                RawAction = physical.Op,
                Protected = physical.Old?.Protect ?? false,
                Before = physical.Old?.Inputs,
                After = null,
            };
        }
    }

    /// <summary>Which step of one URN speaks for it when several logical steps appear (unknown ops never hide).</summary>
    private static int Rank(string op) => op switch
    {
        "same" => 0,
        "diff" or "extend-parameterize" or "remove-pending-replace" => 1,
        "read" or "discard" or "import" => 2,
        "create" => 3,
        "update" => 4,
        "delete" => 5,
        _ => 6,
    };

    private static ResourceChange Single(string urn, PulumiStep step, string rawAction)
    {
        var (action, mode, importing) = step.Op switch
        {
            "same" => (ChangeAction.NoOp, ResourceMode.Managed, false),
            "create" => (ChangeAction.Create, ResourceMode.Managed, false),
            "update" => (ChangeAction.Update, ResourceMode.Managed, false),
            "delete" => (ChangeAction.Delete, ResourceMode.Managed, false),
            "read" => (ChangeAction.Read, ResourceMode.Data, false),
            "refresh" => (step.HasDiff ? ChangeAction.Update : ChangeAction.NoOp, ResourceMode.Managed, false),
            "import" => (ChangeAction.NoOp, ResourceMode.Managed, true),
            "discard" => (ChangeAction.Forget, ResourceMode.Data, false),
            "remove-pending-replace" or "diff" or "extend-parameterize" => (ChangeAction.NoOp, ResourceMode.Managed, false),
            _ => (ChangeAction.Unknown, ResourceMode.Managed, false),
        };

        var fate = action switch
        {
            ChangeAction.Delete => step.Old?.RetainOnDelete == true ? ObjectFate.Retained : ObjectFate.Destroyed,
            ChangeAction.Forget => ObjectFate.Forgotten,
            _ => ObjectFate.None,
        };

        // The object that a delete destroys is the old one: its protect flag decides whether the delete fails.
        var isProtected = action == ChangeAction.Delete ? step.Old?.Protect ?? false : (step.New ?? step.Old)?.Protect ?? false;
        var baseChange = Base(urn, step);

        // An update that lifts `protect` is the first half of "unprotect, then delete" (PRV201 reads this).
        if (action == ChangeAction.Update && step.Old?.Protect == true && step.New?.Protect != true)
        {
            baseChange = baseChange with { Properties = baseChange.Properties.SetItem("wasProtected", "true") };
        }

        return baseChange with
        {
            Action = action,

            // A delete of an old object marked `delete: true` removes the leftover of an earlier replacement, not the current object.
            Deposed = action == ChangeAction.Delete && step.Old?.Delete == true ? "pending-delete" : null,
            Mode = mode,
            Fate = fate,
            Importing = importing,
            Protected = isProtected,
            RawAction = rawAction,
            Before = step.Old?.Inputs,
            After = step.New?.Inputs,
        };
    }

    private static ResourceChange Replacement(string urn, List<PulumiStep> steps, string rawAction)
    {
        var firstCreate = steps.FindIndex(s => PhysicalCreateOps.Contains(s.Op));
        var firstDelete = steps.FindIndex(s => PhysicalDeleteOps.Contains(s.Op));
        var logical = steps.Find(s => s.Op == "replace") ?? steps[0];
        var old = steps.Select(s => s.Old).FirstOrDefault(o => o is not null);
        var created = steps.Where(s => PhysicalCreateOps.Contains(s.Op) || s.Op == "replace").Select(s => s.New).LastOrDefault(n => n is not null);

        ReplaceOrder order;
        if (firstCreate >= 0 && firstDelete >= 0)
        {
            order = firstDelete < firstCreate ? ReplaceOrder.DeleteFirst : ReplaceOrder.CreateFirst;
        }
        else if (steps.Any(s => s.Old?.DeleteBeforeReplace == true || s.New?.DeleteBeforeReplace == true))
        {
            order = ReplaceOrder.DeleteFirst;
        }
        else
        {
            order = ReplaceOrder.Unspecified;
        }

        var discarded = steps.Any(s => s.Op == "discard-replaced") || old?.External == true;
        var fate = discarded ? ObjectFate.Forgotten : old?.RetainOnDelete == true ? ObjectFate.Retained : ObjectFate.Destroyed;
        var readReplacement = steps.Any(s => s.Op == "read-replacement");
        var change = Base(urn, logical) with
        {
            Action = ChangeAction.Replace,
            ReplaceOrder = order,
            Fate = fate,
            Mode = readReplacement && discarded ? ResourceMode.Data : ResourceMode.Managed,
            Importing = steps.Any(s => s.Op == "import-replacement"),
            Protected = old?.Protect ?? false,
            RawAction = rawAction,
            ReplacePaths = steps.SelectMany(s => s.ReplaceReasons).Distinct(StringComparer.Ordinal).ToImmutableArray(),
            Before = old?.Inputs,
            After = created?.Inputs,
        };

        return readReplacement ? change with { Properties = change.Properties.SetItem("readReplacement", "true") } : change;
    }

    private static ResourceChange Base(string urn, PulumiStep step)
    {
        var parsed = PulumiUrn.TryParse(urn);
        var type = parsed?.Type ?? step.Type ?? step.New?.Type ?? step.Old?.Type ?? "unknown";
        var package = parsed?.Package ?? (type.Contains(':', StringComparison.Ordinal) ? type[..type.IndexOf(':', StringComparison.Ordinal)] : null);
        return new ResourceChange
        {
            Address = urn,
            DisplayName = parsed is null ? null : $"{parsed.Type} {parsed.Name}",
            Type = type,
            Provider = package,
            Action = ChangeAction.Unknown,
        };
    }

    /// <summary>Removes Pulumi's colour tags (<c>&lt;{%fg 1%}&gt;</c>, <c>&lt;{%reset%}&gt;</c>) and keeps one line.</summary>
    private static string Clean(string message)
    {
        var text = ColorTag().Replace(message, string.Empty);
        return Whitespace().Replace(text, " ").Trim();
    }

    [GeneratedRegex(@"<\{%[^%]*%\}>", RegexOptions.CultureInvariant)]
    private static partial Regex ColorTag();

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex Whitespace();
}
