using System.Collections.Immutable;
using PlanReview.Core.Model;

namespace PlanReview.Core.Tests;

public class PlanValueTests
{
    private static readonly PlanValue Tree = new PlanValue.ObjectValue(ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, new Dictionary<string, PlanValue>
    {
        ["deletion_protection"] = PlanValue.True,
        ["count"] = new PlanValue.NumberValue("7"),
        ["flag"] = PlanValue.From("false"),
        ["ingress"] = new PlanValue.ListValue([new PlanValue.ObjectValue(ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, new Dictionary<string, PlanValue> { ["cidr"] = PlanValue.From("0.0.0.0/0") }))]),
        ["password"] = PlanValue.Sensitive,
    }));

    [Fact]
    public void Paths_read_objects_and_lists()
    {
        Assert.Equal("0.0.0.0/0", Tree.Get("ingress", "0", "cidr")?.AsString());
        Assert.Null(Tree.Get("ingress", "1", "cidr"));
        Assert.Null(Tree.Get("missing"));
        Assert.True(Tree.Get("deletion_protection")?.AsBool());
        Assert.False(Tree.Get("flag")?.AsBool());
        Assert.Equal(7m, Tree.Get("count")?.AsNumber());
    }

    [Fact]
    public void Sensitive_values_have_no_content()
    {
        Assert.Same(PlanValue.Sensitive, Tree.Get("password"));
        Assert.Equal("(sensitive)", PlanValue.Sensitive.ToString());
        Assert.DoesNotContain("(sensitive)", Tree.Strings());
    }

    [Fact]
    public void Structural_equality_holds_for_lists_and_objects()
    {
        var a = new PlanValue.ListValue([PlanValue.From("x"), PlanValue.True]);
        var b = new PlanValue.ListValue([PlanValue.From("x"), PlanValue.True]);
        Assert.Equal(a, b);
        Assert.NotEqual(a, new PlanValue.ListValue([PlanValue.From("x")]));
    }
}
