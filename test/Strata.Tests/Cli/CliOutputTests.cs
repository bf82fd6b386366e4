using System.Text.Json;
using Strata.Cli.Output;

namespace Strata.Tests.Cli;

/// <summary>How values of every kind come out in the csv and json formats.</summary>
public sealed class CliOutputTests
{
    private const string AllKinds =
        "SELECT 'NaN'::DOUBLE AS nan, 'inf'::DOUBLE AS inf, '-inf'::FLOAT AS ninf, 1.25::FLOAT AS f, 12345678901::BIGINT AS big, "
        + "3.50::DECIMAL(10,2) AS dec, true AS ok, DATE '2024-05-01' AS d, TIMESTAMP '2024-05-01 12:30:00.25' AS ts, "
        + "'\\x01\\x02\\xFF'::BLOB AS bin, {'a': 1, 'b': 'x'} AS st, [1, 2, NULL] AS l, NULL::VARCHAR AS n, 'é, \"q\"' AS s";

    [Fact]
    public async Task Json_Lines_Carry_Typed_Values()
    {
        using var cli = new CliHarness();
        await cli.OkAsync("init");
        var row = (await cli.OkAsync("sql", AllKinds, "--format", "json")).Json.Single();
        Assert.Equal("NaN", row.GetProperty("nan").GetString());
        Assert.Equal("Infinity", row.GetProperty("inf").GetString());
        Assert.Equal("-Infinity", row.GetProperty("ninf").GetString());
        Assert.Equal(1.25, row.GetProperty("f").GetDouble());
        Assert.Equal(12345678901, row.GetProperty("big").GetInt64());
        Assert.Equal(3.5m, row.GetProperty("dec").GetDecimal());
        Assert.True(row.GetProperty("ok").GetBoolean());
        Assert.Equal("2024-05-01", row.GetProperty("d").GetString());
        Assert.Equal("2024-05-01T12:30:00.25Z", row.GetProperty("ts").GetString());
        Assert.Equal([1, 2, 255], row.GetProperty("bin").GetBytesFromBase64());
        Assert.Equal(1, row.GetProperty("st").GetProperty("a").GetInt32());
        Assert.Equal("x", row.GetProperty("st").GetProperty("b").GetString());
        Assert.Equal([JsonValueKind.Number, JsonValueKind.Number, JsonValueKind.Null], row.GetProperty("l").EnumerateArray().Select(e => e.ValueKind));
        Assert.Equal(JsonValueKind.Null, row.GetProperty("n").ValueKind);
        Assert.Equal("é, \"q\"", row.GetProperty("s").GetString());
    }

    [Fact]
    public async Task Csv_Quotes_And_Formats_Values()
    {
        using var cli = new CliHarness();
        await cli.OkAsync("init");
        var lines = (await cli.OkAsync("sql", AllKinds, "--format", "csv")).OutLines;
        Assert.Equal("nan,inf,ninf,f,big,dec,ok,d,ts,bin,st,l,n,s", lines[0]);
        Assert.Equal("NaN,Infinity,-Infinity,1.25,12345678901,3.50,true,2024-05-01,2024-05-01T12:30:00.25Z,AQL/,"
            + "\"{'a': 1, 'b': x}\",\"[1, 2, null]\",,\"é, \"\"q\"\"\"", lines[1]);
    }

    [Fact]
    public async Task Table_Format_Shows_Nulls_And_Cuts_Long_Text()
    {
        using var cli = new CliHarness();
        await cli.OkAsync("init");
        var result = await cli.OkAsync("sql", "SELECT NULL::INT AS n, repeat('x', 200) AS long_text");
        Assert.Contains("null", result.Out, StringComparison.Ordinal);
        Assert.Contains(new string('x', TableRowWriter.MaxCellWidth - 1) + "…", result.Out, StringComparison.Ordinal);
        Assert.DoesNotContain(new string('x', TableRowWriter.MaxCellWidth + 1), result.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b[", result.Out, StringComparison.Ordinal); // no ANSI codes when not a terminal
        Assert.Contains("(1 row)", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Versions_Tables_And_Tags_Respect_Format()
    {
        using var cli = new CliHarness();
        await cli.OkAsync("init");
        await cli.OkAsync("create", "a", "--schema", "id int64");
        await cli.OkAsync("--author", "alice", "create", "b", "--schema", "id int64");
        await cli.OkAsync("tag", "a", "first");
        Assert.Equal("alice", (await cli.OkAsync("versions", "b", "--format", "json")).Json.Single().GetProperty("author").GetString());

        Assert.Equal(["{\"table\":\"a\"}", "{\"table\":\"b\"}"], (await cli.OkAsync("tables", "--format", "json")).OutLines);
        var versions = await cli.OkAsync("versions", "a", "--format", "csv");
        Assert.Equal("version,time,author,operation,parameters,rows,tags", versions.OutLines[0]);
        Assert.EndsWith(",create,{},0,[first]", versions.OutLines[1], StringComparison.Ordinal);
        var table = await cli.OkAsync("versions", "a");
        Assert.Contains("create", table.Out, StringComparison.Ordinal);
        Assert.Contains("first", table.Out, StringComparison.Ordinal);
    }
}
