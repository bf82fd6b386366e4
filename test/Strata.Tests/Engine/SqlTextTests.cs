using Strata.Engine;

namespace Strata.Tests.Engine;

public sealed class SqlTextTests
{
    [Theory]
    [InlineData("SELECT 1", "SELECT 1")]
    [InlineData("SELECT 1;", "SELECT 1")]
    [InlineData("SELECT 1 ;; \n", "SELECT 1 ")]
    [InlineData("SELECT 1; -- done\n", "SELECT 1")]
    [InlineData("SELECT 1 -- no terminator", "SELECT 1 -- no terminator")]
    [InlineData("SELECT ';' AS x; /* c; */ ", "SELECT ';' AS x")]
    [InlineData("SELECT 'it''s;' AS x;", "SELECT 'it''s;' AS x")]
    [InlineData("SELECT \"a;b\" FROM t;", "SELECT \"a;b\" FROM t")]
    [InlineData("SELECT $$a;b$$, $tag$c;$tag$ ;", "SELECT $$a;b$$, $tag$c;$tag$ ")]
    [InlineData("SELECT $1 + $2;", "SELECT $1 + $2")]
    [InlineData("SELECT 1 /* ; */", "SELECT 1 /* ; */")]
    public void WithoutTerminator_DropsOnlyTrailingSemicolons(string sql, string expected) =>
        Assert.Equal(expected, SqlText.WithoutTerminator(sql));
}
