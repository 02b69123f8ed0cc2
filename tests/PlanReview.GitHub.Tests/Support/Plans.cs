namespace PlanReview.GitHub.Tests.Support;

/// <summary>Small `terraform show -json` documents written for these tests.</summary>
public static class Plans
{
    public static string DestroyDatabase { get; } = Plan(
        Change("aws_db_instance.main", "aws_db_instance", "main", """["delete"]""", """{"identifier":"main","password":"hunter2-secret"}""", "null", """{"password":true}"""),
        Change("aws_s3_bucket.logs", "aws_s3_bucket", "logs", """["create"]""", "null", """{"bucket":"logs"}""", "{}"));

    public static string CreateOnly { get; } = Plan(
        Change("aws_s3_bucket.logs", "aws_s3_bucket", "logs", """["create"]""", "null", """{"bucket":"logs"}""", "{}"));

    public static string ReplaceQueue { get; } = Plan(
        Change("aws_sqs_queue.jobs", "aws_sqs_queue", "jobs", """["delete","create"]""", """{"name":"jobs"}""", """{"name":"jobs-v2"}""", "{}"),
        Change("aws_s3_bucket.assets", "aws_s3_bucket", "assets", """["delete"]""", """{"bucket":"assets"}""", "null", "{}"));

    private static string Plan(params string[] changes) =>
        $$"""{"format_version":"1.2","terraform_version":"1.9.0","resource_changes":[{{string.Join(",", changes)}}],"errored":false,"complete":true}""";

    private static string Change(string address, string type, string name, string actions, string before, string after, string beforeSensitive) =>
        "{\"address\":\"" + address + "\",\"mode\":\"managed\",\"type\":\"" + type + "\",\"name\":\"" + name +
        "\",\"provider_name\":\"registry.terraform.io/hashicorp/aws\",\"change\":{\"actions\":" + actions + ",\"before\":" + before +
        ",\"after\":" + after + ",\"after_unknown\":{},\"before_sensitive\":" + beforeSensitive + ",\"after_sensitive\":{}}}";}
