using System.Collections.Immutable;
using PlanReview.Core.Analysis;
using PlanReview.Core.Categories;
using PlanReview.Core.Configuration;
using PlanReview.Core.Model;

namespace PlanReview.Core.Tests;

/// <summary>
/// Rules that say which change actions they want (<c>RegisterResourceChangeAction(action, actions…)</c>) are
/// called for those changes only, in plan order, and report exactly what a rule filtering by itself reports.
/// </summary>
public class ResourceChangeFilterTests
{
    private static readonly DiagnosticDescriptor Seen = new("PRV990", "Seen", "{0} seen as {1}", "Test", Severity.Warning, true, "Reports every change it is called for.");

    /// <summary>Outside the enum: what a reader that casts a wire value would produce.</summary>
    private const ChangeAction Foreign = (ChangeAction)42;

    private static ResourceChange Change(string address, ChangeAction action, string type = "aws_instance") =>
        new() { Address = address, Type = type, Action = action };

    private static readonly Plan Mixed = new()
    {
        Source = "plan.json",
        Format = PlanFormat.Terraform,
        Changes =
        [
            Change("t.noop1", ChangeAction.NoOp),
            Change("t.gone", ChangeAction.Delete),
            Change("t.edit", ChangeAction.Update),
            Change("t.noop2", ChangeAction.NoOp),
            Change("t.swap", ChangeAction.Replace),
            Change("t.new", ChangeAction.Create),
            Change("t.odd", ChangeAction.Unknown),
            Change("t.alien", Foreign),
            Change("t.gone2", ChangeAction.Delete),
            Change("t.forgot", ChangeAction.Forget),
            Change("data.t.read", ChangeAction.Read) with { Mode = ResourceMode.Data },
        ],
    };

    private static AnalysisResult Run(params PlanAnalyzer[] analyzers) => new PlanAnalysisEngine(analyzers).Analyze([Mixed], Policy.Default);

    private static string[] Addresses(IEnumerable<Diagnostic> diagnostics) => [.. diagnostics.Select(d => d.Address ?? "-")];

    [Fact]
    public void A_rule_registered_for_deletes_is_never_called_for_a_no_op()
    {
        var rule = new Recorder(ChangeAction.Delete);

        Run(rule);

        Assert.Equal(["t.gone", "t.gone2"], rule.Calls);
    }

    [Fact]
    public void A_rule_without_a_filter_still_sees_every_change_in_plan_order()
    {
        var rule = new Recorder();

        Run(rule);

        Assert.Equal(Mixed.Changes.Select(c => c.Address), rule.Calls);
    }

    [Fact]
    public void Several_actions_select_their_changes_in_plan_order()
    {
        var rule = new Recorder(ChangeAction.Create, ChangeAction.Replace, ChangeAction.Unknown, ChangeAction.Read);

        Run(rule);

        Assert.Equal(["t.swap", "t.new", "t.odd", "data.t.read"], rule.Calls);
    }

    [Fact]
    public void A_filtered_rule_reports_what_a_rule_filtering_by_itself_reports_in_the_same_order()
    {
        ChangeAction[] destructive = [ChangeAction.Delete, ChangeAction.Replace, ChangeAction.Forget];

        var filtered = Run(new Recorder(destructive)).Diagnostics;
        var unfiltered = Run(new Recorder { Only = destructive }).Diagnostics;

        Assert.Equal(["t.forgot", "t.gone", "t.gone2", "t.swap"], Addresses(filtered));
        Assert.Equal(unfiltered.Select(d => (d.Id, d.Address, d.ResourceType, d.PlanSource, d.Message)), filtered.Select(d => (d.Id, d.Address, d.ResourceType, d.PlanSource, d.Message)));
    }

    [Fact]
    public void One_rule_s_callbacks_run_change_by_change_in_the_order_they_were_registered()
    {
        var log = new List<string>();
        var rule = new Inline(context =>
        {
            context.RegisterResourceChangeAction(c => log.Add("all " + c.Change.Address));
            context.RegisterResourceChangeAction(c => log.Add("delete " + c.Change.Address), ChangeAction.Delete);
            context.RegisterResourceChangeAction(c => log.Add("update " + c.Change.Address), ChangeAction.Update, ChangeAction.Delete);
        });

        Run(rule);

        Assert.Equal(
            [
                "all t.noop1",
                "all t.gone", "delete t.gone", "update t.gone",
                "all t.edit", "update t.edit",
                "all t.noop2", "all t.swap", "all t.new", "all t.odd", "all t.alien",
                "all t.gone2", "delete t.gone2", "update t.gone2",
                "all t.forgot", "all data.t.read",
            ],
            log);
    }

    [Fact]
    public void An_empty_or_foreign_action_list_is_refused_at_registration()
    {
        var context = new AnalysisContext();

        Assert.Throws<ArgumentException>(() => context.RegisterResourceChangeAction(_ => { }, []));
        Assert.Throws<ArgumentOutOfRangeException>(() => context.RegisterResourceChangeAction(_ => { }, ChangeAction.Delete, Foreign));
    }

    [Fact]
    public void A_filtered_rule_that_throws_fails_closed_on_the_change_it_failed_on_only()
    {
        var rule = new Inline(context => context.RegisterResourceChangeAction(c => throw new InvalidOperationException(c.Change.Address), ChangeAction.Update));

        var result = Run(rule);

        var failure = Assert.Single(result.Diagnostics);
        Assert.Equal(RuleIds.AnalyzerFailed, failure.Id);
        Assert.Contains("t.edit", failure.Message, StringComparison.Ordinal);
        Assert.True(result.Decision.ApprovalRequired);
    }

    [Fact]
    public void A_plan_callback_gets_the_changes_of_some_actions_in_plan_order()
    {
        IReadOnlyList<ResourceChange>? selected = null;
        ChangeSummary? summary = null;
        var rule = new Inline(context => context.RegisterPlanAction(c =>
        {
            selected = c.ChangesOf(ChangeAction.Delete, ChangeAction.Create, ChangeAction.NoOp);
            summary = c.Summary;
        }));

        Run(rule);

        Assert.Equal(["t.noop1", "t.gone", "t.noop2", "t.new", "t.gone2"], selected!.Select(c => c.Address));
        Assert.Equal(ChangeSummary.Of(Mixed), summary);
    }

    [Fact]
    public void The_category_of_a_change_is_that_of_the_first_change_at_its_address()
    {
        // A deposed object shares its address with the current one; the first change of an address decides.
        var plan = Mixed with
        {
            Changes =
            [
                Change("t.db", ChangeAction.Replace, type: "aws_db_instance"),
                Change("t.db", ChangeAction.Delete, type: "aws_instance") with { Deposed = "abc" },
                Change("t.vm", ChangeAction.Delete, type: "aws_instance"),
            ],
        };
        var seen = new List<(string, ResourceCategory, ResourceCategory)>();
        var rule = new Inline(context => context.RegisterResourceChangeAction(
            c => seen.Add((c.Change.Key, c.Category, c.CategoryOf(c.Change))),
            ChangeAction.Delete));

        var result = new PlanAnalysisEngine([rule]).Analyze([plan], Policy.Default);

        var data = ResourceCategories.Default.Classify("aws_db_instance");
        var compute = ResourceCategories.Default.Classify("aws_instance");
        Assert.NotEqual(data, compute);
        Assert.Equal([("t.db (deposed abc)", data, data), ("t.vm", compute, compute)], seen);
        var analyzed = Assert.Single(result.Plans);
        Assert.Equal(data, analyzed.CategoryOf(plan.Changes[1]));
        Assert.Equal(ResourceCategory.Unknown, analyzed.CategoryOf(Change("t.elsewhere", ChangeAction.Delete, type: "aws_db_instance")));
        Assert.Equal([("t.db", data), ("t.vm", compute)], analyzed.Categories.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => (c.Key, c.Value)));
    }

    /// <summary>Records the changes it is called for and reports each one; <see cref="Only"/> filters inside the callback instead.</summary>
    private sealed class Recorder(params ChangeAction[] actions) : PlanAnalyzer
    {
        public List<string> Calls { get; } = [];

        public ChangeAction[]? Only { get; init; }

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Seen];

        public override void Initialize(AnalysisContext context)
        {
            void Record(ResourceChangeAnalysisContext c)
            {
                if (Only is not null && !Only.Contains(c.Change.Action))
                {
                    return;
                }

                Calls.Add(c.Change.Address);
                c.ReportDiagnostic(Diagnostic.Create(Seen, c.Change.Address, c.Change.Address, c.Change.Action.ToWireName()));
            }

            if (actions.Length == 0)
            {
                context.RegisterResourceChangeAction(Record);
            }
            else
            {
                context.RegisterResourceChangeAction(Record, actions);
            }
        }
    }

    private sealed class Inline(Action<AnalysisContext> initialize) : PlanAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Seen];

        public override void Initialize(AnalysisContext context) => initialize(context);
    }
}
