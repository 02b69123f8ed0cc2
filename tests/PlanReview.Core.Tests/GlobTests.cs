using System.Text;
using System.Text.RegularExpressions;
using PlanReview.Core;

namespace PlanReview.Core.Tests;

public class GlobTests
{
    [Theory]
    [InlineData("aws_db_instance.main", "aws_db_instance.main", true)]
    [InlineData("aws_db_instance.main", "aws_db_instance.main2", false)]
    [InlineData("module.db.*", "module.db.aws_db_instance.main", true)]
    [InlineData("module.db.*", "module.dbx.aws_db_instance.main", false)]
    [InlineData("aws_s3_bucket.logs[*]", "aws_s3_bucket.logs[\"a\"]", true)]
    [InlineData("*.main", "module.x[0].aws_vpc.main", true)]
    [InlineData("aws_*_table", "aws_dynamodb_table", true)]
    [InlineData("aws_?3_bucket", "aws_s3_bucket", true)]
    [InlineData("aws_?3_bucket", "aws_ss3_bucket", false)]
    [InlineData("a.b", "aXb", false)]
    [InlineData("(x)+", "(x)+", true)]
    public void Matches_like_the_policy_file_documents(string pattern, string text, bool expected) =>
        Assert.Equal(expected, Glob.IsMatch(pattern, text));

    [Fact]
    public void Star_matches_across_lines_in_hostile_keys() =>
        Assert.True(Glob.IsMatch("x[*]", "x[\"line1\nline2\"]"));

    [Theory]
    [InlineData("*", "", true)]
    [InlineData("", "", true)]
    [InlineData("", "a", false)]
    [InlineData("a*", "", false)]
    [InlineData("**a", "ba", true)]
    [InlineData("a*b*c", "aXbYbZc", true)]
    [InlineData("a*b*c", "aXbYbZ", false)]
    [InlineData("*?", "", false)]
    [InlineData("?*", "x", true)]
    public void Stars_and_question_marks_at_the_edges(string pattern, string text, bool expected) =>
        Assert.Equal(expected, Glob.IsMatch(pattern, text));

    /// <summary>
    /// The anchored regular expression a glob used to be compiled to (quirks included: '$' also matches before a
    /// final newline) decides, on random patterns and texts over a small alphabet so that stars have to backtrack.
    /// </summary>
    [Fact]
    public void Agrees_with_the_regular_expression_it_stands_for()
    {
        var random = new Random(7);
        const string Alphabet = "ab.[*?\n";
        string Draw(int max, bool wildcards)
        {
            var text = new StringBuilder();
            for (var n = random.Next(max + 1); n > 0; n--)
            {
                var c = Alphabet[random.Next(Alphabet.Length)];
                text.Append(!wildcards && c is '*' or '?' ? 'a' : c);
            }

            return text.ToString();
        }

        for (var i = 0; i < 20_000; i++)
        {
            var pattern = Draw(8, wildcards: true);
            var text = Draw(12, wildcards: i % 2 == 0);
            var reference = new StringBuilder("^");
            foreach (var c in pattern)
            {
                reference.Append(c switch { '*' => ".*", '?' => ".", _ => Regex.Escape(c.ToString()) });
            }

            var expected = pattern.IndexOfAny(['*', '?']) < 0
                ? pattern == text
                : Regex.IsMatch(text, reference.Append('$').ToString(), RegexOptions.Singleline | RegexOptions.CultureInvariant);
            Assert.True(expected == Glob.IsMatch(pattern, text), $"pattern '{pattern}', text '{text}': expected {expected}");
        }
    }
}
