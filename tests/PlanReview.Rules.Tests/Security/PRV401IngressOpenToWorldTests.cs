using PlanReview.Core.Analysis;
using PlanReview.Core.Model;
using PlanReview.Rules.Tests.Support;
using static PlanReview.Rules.Tests.Support.PlanValues;

namespace PlanReview.Rules.Tests.Security;

public sealed class PRV401IngressOpenToWorldTests
{
    private const string Id = RuleIds.IngressOpenToWorld;

    private static PlanValue Group(params PlanValue[] ingress) => Obj(("name", "web"), ("ingress", List(ingress)));

    private static PlanValue Ingress(int from, int to, string protocol, params string[] cidrs) =>
        Obj(("from_port", from), ("to_port", to), ("protocol", protocol), ("cidr_blocks", cidrs), ("ipv6_cidr_blocks", Array.Empty<string>()));

    [Fact]
    public void A_security_group_gaining_ssh_from_anywhere_is_an_error_naming_the_port()
    {
        var result = RuleTester.Run(new PlanBuilder().Update(
            "aws_security_group.web",
            before: Group(Ingress(443, 443, "tcp", "0.0.0.0/0")),
            after: Group(Ingress(443, 443, "tcp", "0.0.0.0/0"), Ingress(22, 22, "tcp", "0.0.0.0/0"))));

        Assert.Equal([(Id, "aws_security_group.web", Severity.Error)], result.Findings(Id));
        Assert.Equal("aws_security_group.web opens inbound access from the internet: tcp port 22 from 0.0.0.0/0", result.Of(Id)[0].Message);
    }

    [Fact]
    public void A_new_group_open_to_the_world_fires_with_ranges_and_all_traffic()
    {
        var result = RuleTester.Run(new PlanBuilder().Create(
            "aws_security_group.any",
            after: Group(Ingress(0, 0, "-1", "0.0.0.0/0"), Ingress(8000, 8080, "tcp", "10.0.0.0/8", "0.0.0.0/0"))));

        Assert.Equal(
            "aws_security_group.any opens inbound access from the internet: all traffic from 0.0.0.0/0; tcp ports 8000-8080 from 0.0.0.0/0",
            Assert.Single(result.Of(Id)).Message);
    }

    [Fact]
    public void Ipv6_anywhere_counts()
    {
        var rule = Obj(("from_port", 443), ("to_port", 443), ("protocol", "tcp"), ("cidr_blocks", Array.Empty<string>()), ("ipv6_cidr_blocks", new[] { "::/0" }));

        var result = RuleTester.Run(new PlanBuilder().Create("aws_security_group.v6", after: Group(rule)));

        Assert.EndsWith("tcp port 443 from ::/0", Assert.Single(result.Of(Id)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Private_ranges_reordered_rules_and_already_open_ports_do_not_fire()
    {
        var result = RuleTester.Run(new PlanBuilder()
            .Create("aws_security_group.internal", after: Group(Ingress(22, 22, "tcp", "10.0.0.0/8")))
            .Update(
                "aws_security_group.web",
                before: Group(Ingress(443, 443, "tcp", "0.0.0.0/0"), Ingress(80, 80, "tcp", "0.0.0.0/0")),
                after: Group(Ingress(80, 80, "tcp", "0.0.0.0/0"), Ingress(443, 443, "tcp", "0.0.0.0/0")))
            .Replace(
                "aws_security_group_rule.https",
                before: Obj(("type", "ingress"), ("from_port", 443), ("to_port", 443), ("protocol", "tcp"), ("cidr_blocks", new[] { "0.0.0.0/0" })),
                after: Obj(("type", "ingress"), ("from_port", 443), ("to_port", 443), ("protocol", "tcp"), ("cidr_blocks", new[] { "0.0.0.0/0" }), ("description", "https"))));

        Assert.Empty(result.Of(Id));
    }

    [Fact]
    public void Egress_rules_and_unknown_sources_do_not_fire()
    {
        var result = RuleTester.Run(new PlanBuilder()
            .Create("aws_security_group_rule.out", after: Obj(("type", "egress"), ("from_port", 0), ("to_port", 0), ("protocol", "-1"), ("cidr_blocks", new[] { "0.0.0.0/0" })))
            .Create("aws_security_group_rule.later", after: Obj(("type", "ingress"), ("from_port", 22), ("to_port", 22), ("protocol", "tcp"), ("cidr_blocks", PlanValue.Unknown))));

        Assert.Empty(result.Of(Id));
    }

    [Fact]
    public void Deletes_data_sources_and_no_ops_do_not_fire()
    {
        var result = RuleTester.Run(new PlanBuilder()
            .Delete("aws_security_group.old", before: Group(Ingress(22, 22, "tcp", "0.0.0.0/0")))
            .Create("aws_security_group.ds", after: Group(Ingress(22, 22, "tcp", "0.0.0.0/0")), configure: c => c with { Mode = ResourceMode.Data })
            .NoOp("aws_security_group.same"));

        Assert.Empty(result.Of(Id));
    }

    [Fact]
    public void The_vpc_ingress_rule_resource_uses_single_cidr_fields()
    {
        var result = RuleTester.Run(new PlanBuilder().Create(
            "aws_vpc_security_group_ingress_rule.rdp",
            after: Obj(("cidr_ipv4", "0.0.0.0/0"), ("from_port", 3389), ("to_port", 3389), ("ip_protocol", "tcp"))));

        Assert.EndsWith("tcp port 3389 from 0.0.0.0/0", Assert.Single(result.Of(Id)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Google_firewall_ingress_with_an_allow_block_fires_and_a_deny_or_disabled_rule_does_not()
    {
        static PlanValue Firewall(string block, bool disabled = false) => Obj(
            ("direction", "INGRESS"),
            ("disabled", disabled),
            ("source_ranges", new[] { "0.0.0.0/0" }),
            (block, List(Obj(("protocol", "tcp"), ("ports", new[] { "22", "8000-8100" })))));

        var result = RuleTester.Run(new PlanBuilder()
            .Create("google_compute_firewall.ssh", after: Firewall("allow"))
            .Create("google_compute_firewall.block", after: Firewall("deny"))
            .Create("google_compute_firewall.off", after: Firewall("allow", disabled: true)));

        Assert.Equal([(Id, "google_compute_firewall.ssh", Severity.Error)], result.Findings(Id));
        Assert.Equal(
            "google_compute_firewall.ssh opens inbound access from the internet: tcp port 22 from 0.0.0.0/0; tcp ports 8000-8100 from 0.0.0.0/0",
            result.Of(Id)[0].Message);
    }

    [Theory]
    [InlineData("Inbound", "Allow", "*", true)]
    [InlineData("Inbound", "Allow", "Internet", true)]
    [InlineData("Inbound", "Deny", "*", false)]
    [InlineData("Outbound", "Allow", "*", false)]
    [InlineData("Inbound", "Allow", "VirtualNetwork", false)]
    public void Azure_network_security_rules_fire_on_inbound_allows_from_the_internet(string direction, string access, string source, bool fires)
    {
        var rule = Obj(("direction", direction), ("access", access), ("protocol", "Tcp"), ("source_address_prefix", source), ("destination_port_range", "3389"));

        var result = RuleTester.Run(new PlanBuilder().Create("azurerm_network_security_rule.rdp", after: rule));

        Assert.Equal(fires ? 1 : 0, result.Of(Id).Length);
    }

    [Fact]
    public void The_message_carries_only_known_protocol_names_and_numbers()
    {
        var rule = Obj(("direction", "Inbound"), ("access", "Allow"), ("protocol", "weird<script>"), ("source_address_prefix", "*"), ("destination_port_range", "*"));

        var message = Assert.Single(RuleTester.Run(new PlanBuilder().Create("azurerm_network_security_rule.x", after: rule)).Of(Id)).Message;

        Assert.DoesNotContain("script", message, StringComparison.Ordinal);
        Assert.EndsWith("a non-standard protocol from *", message, StringComparison.Ordinal);
    }

    [Fact]
    public void CloudFormation_security_group_ingress_fires()
    {
        static PlanValue Fragment(params PlanValue[] ingress) => Obj(("Properties", Obj(("SecurityGroupIngress", List(ingress)))));
        var ssh = Obj(("IpProtocol", "tcp"), ("FromPort", "22"), ("ToPort", "22"), ("CidrIp", "0.0.0.0/0"));

        var plan = new PlanBuilder().Format(PlanFormat.CloudFormation).Update("stack/WebSg", "AWS::EC2::SecurityGroup", before: Fragment(), after: Fragment(ssh));

        Assert.Equal("stack/WebSg opens inbound access from the internet: tcp port 22 from 0.0.0.0/0", Assert.Single(RuleTester.Run(plan).Of(Id)).Message);
    }

    [Fact]
    public void Pulumi_security_group_ingress_fires()
    {
        var ingress = Obj(("fromPort", 22), ("toPort", 22), ("protocol", "tcp"), ("cidrBlocks", new[] { "0.0.0.0/0" }));

        var plan = new PlanBuilder().Format(PlanFormat.Pulumi).Create("urn:pulumi:dev::app::aws:ec2/securityGroup:SecurityGroup::web", "aws:ec2/securityGroup:SecurityGroup", after: Obj(("ingress", List(ingress))));

        Assert.Single(RuleTester.Run(plan).Of(Id));
    }
}
