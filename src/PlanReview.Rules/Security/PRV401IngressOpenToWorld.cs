using System.Collections.Immutable;
using PlanReview.Core.Analysis;
using PlanReview.Core.Model;
using PlanReview.Rules.Protection;

namespace PlanReview.Rules.Security;

/// <summary>PRV401: a firewall or security group starts accepting traffic from the whole internet.</summary>
public sealed class PRV401IngressOpenToWorld : PlanAnalyzer
{
    public static readonly DiagnosticDescriptor Rule = new(
        RuleIds.IngressOpenToWorld,
        "Ingress opened to 0.0.0.0/0",
        "{0} opens inbound access from the internet: {1}",
        "Security",
        Severity.Error,
        true,
        "A security group, security group rule, firewall rule or network security rule gains an inbound allow from 0.0.0.0/0 or ::/0 " +
        "(Azure also *, Internet, Any) that it did not have before: AWS aws_security_group ingress blocks, aws_security_group_rule of " +
        "type ingress, aws_vpc_security_group_ingress_rule; Google Cloud google_compute_firewall (direction INGRESS, not disabled, with an " +
        "allow block); Azure azurerm_network_security_rule and the security_rule blocks of azurerm_network_security_group (Inbound, Allow); " +
        "CloudFormation AWS::EC2::SecurityGroup and AWS::EC2::SecurityGroupIngress; Pulumi aws and gcp equivalents. The message names the " +
        "protocol and ports. Only new openings fire: a rule that was already open, or a replacement that keeps it, is not reported again; " +
        "a source that is unknown until apply is not guessed.");

    /// <summary>How each resource type writes its ingress rules.</summary>
    internal static readonly ImmutableArray<IngressShape> Shapes =
    [
        new(PlanFormat.Terraform, "aws_security_group", "ingress.*", ["cidr_blocks", "ipv6_cidr_blocks"], IngressShape.FromTo("from_port", "to_port", "protocol")),
        new(PlanFormat.Terraform, "aws_security_group_rule", null, ["cidr_blocks", "ipv6_cidr_blocks"], IngressShape.FromTo("from_port", "to_port", "protocol"))
        {
            Conditions = [("type", ["ingress"], false)],
        },
        new(PlanFormat.Terraform, "aws_vpc_security_group_ingress_rule", null, ["cidr_ipv4", "cidr_ipv6"], IngressShape.FromTo("from_port", "to_port", "ip_protocol")),
        new(PlanFormat.Terraform, "google_compute_firewall", null, ["source_ranges"], IngressShape.AllowBlocks("allow", "protocol", "ports"))
        {
            Conditions = [("direction", ["INGRESS"], true), ("disabled", ["false"], true)],
        },
        new(PlanFormat.Terraform, "azurerm_network_security_rule", null, ["source_address_prefix", "source_address_prefixes"], IngressShape.Ranges("destination_port_range", "destination_port_ranges", "protocol"))
        {
            Conditions = [("direction", ["Inbound"], false), ("access", ["Allow"], false)],
            WorldSources = IngressShape.AzureAnyAddress,
        },
        new(PlanFormat.Terraform, "azurerm_network_security_group", "security_rule.*", ["source_address_prefix", "source_address_prefixes"], IngressShape.Ranges("destination_port_range", "destination_port_ranges", "protocol"))
        {
            Conditions = [("direction", ["Inbound"], false), ("access", ["Allow"], false)],
            WorldSources = IngressShape.AzureAnyAddress,
        },

        new(PlanFormat.CloudFormation, "AWS::EC2::SecurityGroup", "Properties.SecurityGroupIngress.*", ["CidrIp", "CidrIpv6"], IngressShape.FromTo("FromPort", "ToPort", "IpProtocol")),
        new(PlanFormat.CloudFormation, "AWS::EC2::SecurityGroupIngress", "Properties", ["CidrIp", "CidrIpv6"], IngressShape.FromTo("FromPort", "ToPort", "IpProtocol")),

        new(PlanFormat.Pulumi, "aws:ec2/securityGroup:SecurityGroup", "ingress.*", ["cidrBlocks", "ipv6CidrBlocks"], IngressShape.FromTo("fromPort", "toPort", "protocol")),
        new(PlanFormat.Pulumi, "aws:ec2/securityGroupRule:SecurityGroupRule", null, ["cidrBlocks", "ipv6CidrBlocks"], IngressShape.FromTo("fromPort", "toPort", "protocol"))
        {
            Conditions = [("type", ["ingress"], false)],
        },
        new(PlanFormat.Pulumi, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", null, ["cidrIpv4", "cidrIpv6"], IngressShape.FromTo("fromPort", "toPort", "ipProtocol")),
        new(PlanFormat.Pulumi, "gcp:compute/firewall:Firewall", null, ["sourceRanges"], IngressShape.AllowBlocks("allows", "protocol", "ports"))
        {
            Conditions = [("direction", ["INGRESS"], true), ("disabled", ["false"], true)],
        },
    ];

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Rule];

    public override void Initialize(AnalysisContext context) => context.RegisterResourceChangeAction(c =>
    {
        var change = c.Change;
        var format = c.Plan.Format;
        if (!change.IsManaged || change.Action is not (ChangeAction.Create or ChangeAction.Update or ChangeAction.Replace) ||
            Shapes.FirstOrDefault(s => s.AppliesTo(format, change.Type)) is not { } shape)
        {
            return;
        }

        var before = change.Action == ChangeAction.Create ? [] : shape.OpenToWorld(AttributePath.AttributesOf(format, change.Before));
        var after = shape.OpenToWorld(AttributePath.AttributesOf(format, change.After));
        if (before is null || after is null)
        {
            return;
        }

        var opened = after.Except(before);
        if (opened.Count == 0)
        {
            return;
        }

        // One phrase per port range, with every internet source it is opened to: "tcp port 22 from 0.0.0.0/0 and ::/0".
        var phrases = opened
            .GroupBy(o => o.Range.Describe(), StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"{g.Key} from {string.Join(" and ", g.Select(o => o.Source).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))}");
        c.ReportDiagnostic(Diagnostic.Create(Rule, change.Address, change.Address, string.Join("; ", phrases)));
    }, ChangeAction.Create, ChangeAction.Update, ChangeAction.Replace);
}
