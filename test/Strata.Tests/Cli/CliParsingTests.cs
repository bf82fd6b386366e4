using Strata.Cli;
using Strata.Cli.Parsing;

namespace Strata.Tests.Cli;

/// <summary>The small parsers behind --select, --set, --on, --older-than and CSV headers.</summary>
public sealed class CliParsingTests
{
    [Fact]
    public void Lists_Split_Only_At_Top_Level_Commas()
    {
        Assert.Equal(["id", "substr(body, 1, 10)", "'a,b'", "[1, 2]", "\"x,y\""],
            TextLists.SplitTopLevel("id, substr(body, 1, 10), 'a,b', [1, 2], \"x,y\"", "--select"));
        Assert.Throws<CliUsageException>(() => TextLists.SplitTopLevel("a,,b", "--select"));
    }

    [Theory]
    [InlineData("len=length(body)", "len", "length(body)")]
    [InlineData(" score = score * 2 ", "score", "score * 2")]
    [InlineData("\"my col\"=1", "my col", "1")]
    [InlineData("flag=a = b", "flag", "a = b")]
    public void Assignments_Parse(string item, string name, string expression)
    {
        Assert.True(TextLists.TryParseAssignment(item, out var n, out var e));
        Assert.Equal(name, n);
        Assert.Equal(expression, e);
    }

    [Theory]
    [InlineData("id")]
    [InlineData("a == b")]
    [InlineData("length(x)=3")]
    public void Non_Assignments_Are_Not_Parsed(string item) => Assert.False(TextLists.TryParseAssignment(item, out _, out _));

    [Theory]
    [InlineData("90s", 90)]
    [InlineData("15m", 15 * 60)]
    [InlineData("1h30m", 90 * 60)]
    [InlineData("2d", 2 * 86400)]
    [InlineData("1w", 7 * 86400)]
    [InlineData("01:30:00", 90 * 60)]
    [InlineData("0s", 0)]
    public void Durations_Parse(string text, int seconds) => Assert.Equal(TimeSpan.FromSeconds(seconds), Durations.Parse(text, "--older-than"));

    [Theory]
    [InlineData("")]
    [InlineData("soon")]
    [InlineData("5")]
    [InlineData("-1h")]
    public void Bad_Durations_Are_Usage_Errors(string text) => Assert.Throws<CliUsageException>(() => Durations.Parse(text, "--older-than"));

    [Fact]
    public void Csv_Headers_Unquote()
    {
        Assert.Equal(["a", "b,c", "d\"e", ""], CsvHeader.Parse("a,\"b,c\",\"d\"\"e\","));
    }

    [Fact]
    public void Errors_Collapse_To_One_Line() =>
        Assert.Equal("Parser Error: bad LINE 1: x ^", ErrorText.OneLine("Parser Error: bad\n\nLINE 1: x\n   ^\r\n"));
}
