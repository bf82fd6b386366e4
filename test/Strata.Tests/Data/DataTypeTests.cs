using Strata.Data;

namespace Strata.Tests.Data;

public sealed class DataTypeTests
{
    [Theory]
    [InlineData("int64", "int64")]
    [InlineData("BIGINT", "int64")]
    [InlineData("float[8]", "float[8]")]
    [InlineData("list<string>", "list<string>")]
    [InlineData("string[]", "list<string>")]
    [InlineData("decimal(10, 2)", "decimal(10,2)")]
    [InlineData("struct<a int64, b list<double>>", "struct<a int64, b list<double>>")]
    public void Parse_RoundTripsCanonicalText(string text, string canonical)
    {
        var t = DataType.Parse(text);
        Assert.Equal(canonical, t.ToString());
        Assert.Equal(t, DataType.Parse(t.ToString()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("int65")]
    [InlineData("float[")]
    [InlineData("float[0]")]
    [InlineData("decimal(40,2)")]
    [InlineData("struct<>")]
    public void Parse_RejectsBadText(string text) =>
        Assert.Throws<StrataInvalidInputException>(() => DataType.Parse(text));

    [Fact]
    public void Schema_Parse_ReadsCommandLineForm()
    {
        var s = Schema.Parse("id int64, name string, v float[8]");
        Assert.Equal(3, s.Count);
        Assert.Equal(DataType.FixedSizeList(DataType.Float32, 8), s["v"].Type);
        Assert.Equal("FLOAT[8]", s["v"].Type.ToSql());
    }
}
