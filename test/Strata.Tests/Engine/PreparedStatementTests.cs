using Strata.Data;
using Strata.Engine;
using Strata.Tests.TestSupport;

namespace Strata.Tests.Engine;

/// <summary>Positional parameters of every supported type, statement reuse and binding errors.</summary>
public sealed class PreparedStatementTests : IDisposable
{
    private readonly DuckDbDatabase _db = DuckDbDatabase.OpenInMemory();
    private readonly DuckDbConnection _c;

    public PreparedStatementTests() => _c = _db.Connect();

    public void Dispose()
    {
        _c.Dispose();
        _db.Dispose();
    }

    public static TheoryData<object, string, object> Values() => new()
    {
        { true, "BOOLEAN", true },
        { (sbyte)-5, "TINYINT", (sbyte)-5 },
        { (short)-300, "SMALLINT", (short)-300 },
        { int.MinValue, "INTEGER", int.MinValue },
        { long.MaxValue, "BIGINT", long.MaxValue },
        { (byte)200, "UTINYINT", (byte)200 },
        { (ushort)60000, "USMALLINT", (ushort)60000 },
        { uint.MaxValue, "UINTEGER", uint.MaxValue },
        { ulong.MaxValue, "UBIGINT", ulong.MaxValue },
        { 1.25f, "FLOAT", 1.25f },
        { double.NegativeInfinity, "DOUBLE", double.NegativeInfinity },
        { 12345.6789m, "DECIMAL(9,4)", 12345.6789m },
        { -0.0000000000000000000000000001m, "DECIMAL(28,28)", -0.0000000000000000000000000001m },
        { 79228162514264337593543950335m, "DECIMAL(29,0)", 79228162514264337593543950335m },
        { "héllo 😀 世界", "VARCHAR", "héllo 😀 世界" },
        { "", "VARCHAR", "" },
        { new byte[] { 0, 255, 1 }, "BLOB", new byte[] { 0, 255, 1 } },
        { new DateOnly(1899, 12, 31), "DATE", new DateOnly(1899, 12, 31) },
        { new DateTime(1960, 1, 2, 3, 4, 5, DateTimeKind.Utc).AddTicks(123_450), "TIMESTAMP", new DateTime(1960, 1, 2, 3, 4, 5, DateTimeKind.Utc).AddTicks(123_450) },
        { new DateTimeOffset(2020, 1, 1, 12, 0, 0, TimeSpan.FromHours(2)), "TIMESTAMP", new DateTime(2020, 1, 1, 10, 0, 0, DateTimeKind.Utc) },
    };

    [Theory]
    [MemberData(nameof(Values))]
    public void EachParameterType_BindsWithItsDuckDbType(object value, string duckType, object expected)
    {
        var b = _c.QueryAll("SELECT $1 AS v, typeof($1) AS t", value);
        BatchAssert.ValueEqual(expected, b[0, "v"]);
        Assert.Equal(duckType, b[0, "t"]);
    }

    [Fact]
    public void NullParameter_IsNull()
    {
        Assert.Null(_c.QueryScalar("SELECT $1::INTEGER", [null]));
        Assert.Equal(true, _c.QueryScalar("SELECT $1::VARCHAR IS NULL", DBNull.Value));
    }

    [Fact]
    public void QuestionMarkParameters_BindInOrder()
    {
        Assert.Equal("a-2", _c.QueryScalar("SELECT ? || '-' || ?::VARCHAR", "a", 2));
    }

    [Fact]
    public void PreparedStatement_IsReusable_WithNewParameters()
    {
        _c.Execute("CREATE TABLE t (id INTEGER, name VARCHAR, created TIMESTAMP)");
        using var insert = _c.Prepare("INSERT INTO t VALUES ($1, $2, $3)");
        Assert.Equal(3, insert.ParameterCount);
        for (var i = 0; i < 100; i++)
            Assert.Equal(1, insert.ExecuteNonQuery(i, $"name {i}", new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddDays(i)));
        using var select = _c.Prepare("SELECT name FROM t WHERE id >= $1 ORDER BY id");
        Assert.Equal(10, select.QueryAll(90).RowCount);
        Assert.Equal("name 99", select.QueryAll(99)[0, "name"]);
        Assert.Equal(100, select.Query([0]).Sum(b => b.RowCount));
        select.Bind(1, 50);
        Assert.Equal(50, select.Query().Sum(b => b.RowCount));
        Assert.Equal("name 50", select.QueryScalar());
    }

    [Fact]
    public void ReaderOutlivesItsStatement()
    {
        var statement = _c.Prepare("SELECT range AS i FROM range(10000)");
        using var reader = statement.ExecuteReader();
        statement.Dispose();
        var rows = 0;
        while (reader.Read() is { } b) rows += b.RowCount;
        Assert.Equal(10000, rows);
    }

    [Fact]
    public void WrongParameterCount_IsInvalidInput()
    {
        using var s = _c.Prepare("SELECT $1 + $2");
        var e = Assert.Throws<StrataInvalidInputException>(() => s.QueryAll(1));
        Assert.Contains("2 parameter", e.Message);
        Assert.Throws<StrataInvalidInputException>(() => s.Bind(3, 1));
        Assert.Throws<StrataInvalidInputException>(() => s.Bind(0, 1));
    }

    [Fact]
    public void UnsupportedParameterType_IsInvalidInput()
    {
        var e = Assert.Throws<StrataInvalidInputException>(() => _c.QueryScalar("SELECT $1", new Uri("http://x")));
        Assert.Contains("Uri", e.Message);
    }

    [Fact]
    public void MissingParameterValue_IsAQueryError()
    {
        using var s = _c.Prepare("SELECT $1::INTEGER + 1");
        var e = Assert.Throws<StrataQueryException>(() => s.QueryAll());
        Assert.False(string.IsNullOrWhiteSpace(e.Message));
    }

    [Fact]
    public void ParameterizedOddTypes_AreCastAfterTheFirstRun()
    {
        using var s = _c.Prepare("SELECT i, INTERVAL (i) MINUTE AS iv FROM range($1) t(i)");
        Assert.Equal("00:02:00", s.QueryAll(3L)[2, "iv"]);
        Assert.True(s.CastsResult);
        Assert.Equal("00:04:00", s.QueryAll(5L)[4, "iv"]);
    }
}
