using PlanReview.Core.Analysis;
using PlanReview.Core.Model;
using PlanReview.Rules.Tests.Support;
using static PlanReview.Rules.Tests.Support.PlanValues;

namespace PlanReview.Rules.Tests.Security;

public sealed class PRV403WildcardIamGrantTests
{
    private const string Id = RuleIds.WildcardIamGrant;

    private const string ReadOnly = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject"],"Resource":"arn:aws:s3:::acme/*"}]}""";
    private const string Admin = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}""";

    [Fact]
    public void A_policy_becoming_admin_is_an_error()
    {
        var result = RuleTester.Run(new PlanBuilder().Update("aws_iam_policy.ci", before: Obj(("policy", ReadOnly)), after: Obj(("policy", Admin))));

        Assert.Equal([(Id, "aws_iam_policy.ci", Severity.Error)], result.Findings(Id));
        Assert.Equal("aws_iam_policy.ci grants Action * on Resource * in policy", result.Of(Id)[0].Message);
    }

    [Theory]
    [InlineData("""{"Statement":{"Effect":"Allow","Action":"*:*","Resource":["*"]}}""", true)]
    [InlineData("""{"Statement":[{"Effect":"Allow","Action":["iam:*"],"Resource":"*"}]}""", true)]
    [InlineData("""{"Statement":[{"Effect":"Allow","Action":["IAM:*"],"Resource":"*"}]}""", true)]
    [InlineData("""{"Statement":[{"Effect":"Deny","Action":"*","Resource":"*"}]}""", false)]
    [InlineData("""{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}""", false)]
    [InlineData("""{"Statement":[{"Effect":"Allow","Action":"*","Resource":"arn:aws:s3:::acme/*"}]}""", false)]
    [InlineData("""{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}""", false)]
    public void A_new_inline_role_policy_is_judged_by_its_statements(string policy, bool fires)
    {
        var result = RuleTester.Run(new PlanBuilder().Create("aws_iam_role_policy.p", after: Obj(("policy", policy))));

        Assert.Equal(fires ? 1 : 0, result.Of(Id).Length);
    }

    [Fact]
    public void A_grant_that_was_already_there_is_not_reported_again()
    {
        var wider = """{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}""";

        var result = RuleTester.Run(new PlanBuilder().Update("aws_iam_policy.admin", before: Obj(("policy", Admin)), after: Obj(("policy", wider))));

        Assert.Empty(result.Of(Id));
    }

    [Fact]
    public void The_extra_admin_actions_are_an_option()
    {
        var plan = new PlanBuilder().Create("aws_iam_policy.sts", after: Obj(("policy", """{"Statement":[{"Effect":"Allow","Action":["sts:*","iam:*"],"Resource":"*"}]}""")));
        var policy = RuleTester.ParsePolicy("""
            rules:
              PRV403:
                options:
                  extra-admin-actions: "sts:*"
            """);

        Assert.Equal("aws_iam_policy.sts grants Action iam:* on Resource * in policy", Assert.Single(RuleTester.Run(plan).Of(Id)).Message);
        Assert.Equal("aws_iam_policy.sts grants Action sts:* on Resource * in policy", Assert.Single(RuleTester.Run(plan, policy).Of(Id)).Message);
    }

    [Theory]
    [InlineData("""{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::acme/*"}]}""", true)]
    [InlineData("""{"Statement":[{"Effect":"Allow","Principal":{"AWS":["*"]},"Action":"s3:GetObject","Resource":"arn:aws:s3:::acme/*"}]}""", true)]
    [InlineData("""{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::acme/*","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-abc"}}}]}""", false)]
    [InlineData("""{"Statement":[{"Effect":"Allow","Principal":{"Service":"cloudfront.amazonaws.com"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::acme/*"}]}""", false)]
    public void A_resource_policy_for_anyone_without_a_condition_fires(string policy, bool fires)
    {
        var result = RuleTester.Run(new PlanBuilder().Create("aws_s3_bucket_policy.acme", after: Obj(("policy", policy))));

        Assert.Equal(fires ? 1 : 0, result.Of(Id).Length);
    }

    [Fact]
    public void A_trust_policy_anyone_can_assume_fires_and_names_where()
    {
        var trust = """{"Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole"}]}""";

        var result = RuleTester.Run(new PlanBuilder().Create("aws_iam_role.deploy", after: Obj(("assume_role_policy", trust), ("inline_policy", List()))));

        Assert.Equal("aws_iam_role.deploy grants Principal * without a Condition in assume_role_policy", Assert.Single(result.Of(Id)).Message);
    }

    [Fact]
    public void Role_inline_policies_are_read()
    {
        var result = RuleTester.Run(new PlanBuilder().Update(
            "aws_iam_role.app",
            before: Obj(("inline_policy", List(Obj(("name", "read"), ("policy", ReadOnly))))),
            after: Obj(("inline_policy", List(Obj(("name", "read"), ("policy", ReadOnly)), Obj(("name", "all"), ("policy", Admin)))))));

        Assert.Equal("aws_iam_role.app grants Action * on Resource * in inline_policy.policy", Assert.Single(result.Of(Id)).Message);
    }

    [Fact]
    public void Unknown_or_masked_policies_are_not_guessed_and_deletes_and_data_sources_do_not_fire()
    {
        var result = RuleTester.Run(new PlanBuilder()
            .Update("aws_iam_policy.later", before: Obj(("policy", ReadOnly)), after: Obj(("policy", PlanValue.Unknown)))
            .Update("aws_iam_policy.secret", before: Obj(("policy", ReadOnly)), after: Obj(("policy", PlanValue.Sensitive)))
            .Delete("aws_iam_policy.gone", before: Obj(("policy", Admin)))
            .Create("aws_iam_policy.ds", after: Obj(("policy", Admin)), configure: c => c with { Mode = ResourceMode.Data }));

        Assert.Empty(result.Of(Id));
    }

    [Fact]
    public void Google_project_owner_or_editor_for_the_public_fires()
    {
        var result = RuleTester.Run(new PlanBuilder()
            .Create("google_project_iam_member.owner", after: Obj(("role", "roles/owner"), ("member", "allUsers")))
            .Create("google_project_iam_binding.editors", after: Obj(("role", "roles/editor"), ("members", new[] { "user:a@acme.example", "allAuthenticatedUsers" })))
            .Create("google_project_iam_member.viewer", after: Obj(("role", "roles/owner"), ("member", "user:a@acme.example"))));

        Assert.Equal(
            [(Id, "google_project_iam_binding.editors", Severity.Error), (Id, "google_project_iam_member.owner", Severity.Error)],
            result.Findings(Id));
        Assert.Equal("google_project_iam_member.owner grants roles/owner to allUsers", result.Of(Id)[1].Message);
    }

    [Fact]
    public void CloudFormation_policy_documents_are_objects()
    {
        static PlanValue Fragment(string action) => Obj(("Properties", Obj(("PolicyDocument", Obj(("Statement", List(Obj(("Effect", "Allow"), ("Action", action), ("Resource", "*")))))))));

        var plan = new PlanBuilder().Format(PlanFormat.CloudFormation).Update("stack/CiPolicy", "AWS::IAM::ManagedPolicy", before: Fragment("s3:GetObject"), after: Fragment("*"));

        Assert.Equal("stack/CiPolicy grants Action * on Resource * in PolicyDocument", Assert.Single(RuleTester.Run(plan).Of(Id)).Message);
    }

    [Fact]
    public void Pulumi_policies_are_json_strings()
    {
        var plan = new PlanBuilder().Format(PlanFormat.Pulumi).Create("urn:pulumi:dev::app::aws:iam/policy:Policy::ci", "aws:iam/policy:Policy", after: Obj(("policy", Admin)));

        Assert.Single(RuleTester.Run(plan).Of(Id));
    }
}
