using Strata.Data;
using Strata.Engine;
using Strata.Tests.TestSupport;

namespace Strata.Tests.Engine;

/// <summary>Queries: streaming, result type mapping, duplicate names, readers sharing a connection.</summary>
public sealed class QueryTests : IDisposable
{
    private readonly DuckDbDatabase _db = DuckDbDatabase.OpenInMemory(new DuckDbOptions { Threads = 2 });
    private readonly DuckDbConnection _c;

    public QueryTests() => _c = _db.Connect();

    public void Dispose()
    {
        _c.Dispose();
        _db.Dispose();
    }

    [Fact]
    public void LargeResult_StreamsInManyChunks()
    {
        var total = 0L;
        var batches = 0;
        var sum = 0L;
        foreach (var b in _c.Query("SELECT range AS i FROM range(1000000)"))
        {
            batches++;
            total += b.RowCount;
            Assert.True(b.RowCount <= DuckDbDatabase.VectorSize);
            foreach (var v in ((PrimitiveColumn<long>)b.Columns[0]).Values) sum += v;
        }
        Assert.Equal(1_000_000, total);
        Assert.Equal(999_999L * 1_000_000 / 2, sum);
        Assert.True(batches >= 1_000_000 / DuckDbDatabase.VectorSize, $"only {batches} batches");
    }

    [Fact]
    public void StoppingEarly_ClosesTheQuery_AndTheConnectionStaysUsable()
    {
        var first = _c.Query("SELECT range AS i FROM range(100000000)").First();
        Assert.Equal(0L, first.Column(0).GetValue(0));
        Assert.Equal(5L, _c.QueryScalar("SELECT 5::BIGINT"));
    }

    [Fact]
    public void OtherStatements_WhileStreaming_DoNotTruncateTheResult()
    {
        _c.Execute("CREATE TABLE log (n BIGINT)");
        var seen = 0L;
        foreach (var b in _c.Query("SELECT range AS i FROM range(50000)"))
        {
            seen += b.RowCount;
            _c.ExecuteNonQuery("INSERT INTO log VALUES ($1)", (long)b.RowCount);
        }
        Assert.Equal(50000, seen);
        Assert.Equal(50000m, _c.QueryScalar("SELECT sum(n) FROM log"));
    }

    [Fact]
    public void QueryAll_OfEmptyResult_KeepsTheSchema()
    {
        var b = _c.QueryAll("SELECT 1::INTEGER AS a, 'x' AS b WHERE false");
        Assert.Equal(0, b.RowCount);
        Assert.Equal(new Schema(new Field("a", DataType.Int32), new Field("b", DataType.String)), b.Schema);
        Assert.Null(_c.QueryScalar("SELECT 1 WHERE false"));
    }

    [Fact]
    public void ScalarTypes_MapToStrataTypes()
    {
        var b = _c.QueryAll("""
            SELECT true AS bo, 1::TINYINT AS i8, 2::SMALLINT AS i16, 3 AS i32, 4::BIGINT AS i64,
                   5::UTINYINT AS u8, 6::USMALLINT AS u16, 7::UINTEGER AS u32, 8::UBIGINT AS u64,
                   1.5::FLOAT AS f, 2.5::DOUBLE AS d, 1.25::DECIMAL(5,2) AS dec, 'x' AS s, 'ab'::BLOB AS bl,
                   DATE '2020-01-02' AS dt, TIMESTAMP '2020-01-02 03:04:05.678901' AS ts,
                   170141183460469231731687303715884105727::HUGEINT // 10000000000000 AS h,
                   12::UHUGEINT AS uh
            """);
        string[] expected =
        [
            "bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64", "float", "double",
            "decimal(5,2)", "string", "binary", "date", "timestamp", "decimal(38,0)", "decimal(38,0)",
        ];
        Assert.Equal(expected, b.Schema.Fields.Select(f => f.Type.ToString()));
        Assert.Equal(17014118346046923173168730m, b[0, "h"]);
        Assert.Equal(12m, b[0, "uh"]);
        Assert.Equal(new DateTime(2020, 1, 2, 3, 4, 5, DateTimeKind.Utc).AddTicks(6_789_010), b[0, "ts"]);
        Assert.Equal(new byte[] { 0x61, 0x62 }, b[0, "bl"]);
    }

    [Fact]
    public void TimestampVariants_AreMicrosecondsUtc()
    {
        _c.Execute("SET TimeZone = 'America/New_York'");
        var b = _c.QueryAll("""
            SELECT TIMESTAMP_S '2021-03-04 05:06:07' AS s, TIMESTAMP_MS '2021-03-04 05:06:07.123' AS ms,
                   TIMESTAMP_NS '2021-03-04 05:06:07.123456789' AS ns, TIMESTAMP_NS '1969-12-31 23:59:59.999999999' AS ns_neg,
                   TIMESTAMPTZ '2021-03-04 05:06:07.5+00' AS tz, 'infinity'::TIMESTAMP AS inf, '-infinity'::DATE AS ninf
            """);
        var t = new DateTime(2021, 3, 4, 5, 6, 7, DateTimeKind.Utc);
        Assert.Equal(t, b[0, "s"]);
        Assert.Equal(t.AddMilliseconds(123), b[0, "ms"]);
        Assert.Equal(t.AddTicks(1_234_560), b[0, "ns"]);
        Assert.Equal(new DateTime(1969, 12, 31, 23, 59, 59, DateTimeKind.Utc).AddTicks(9_999_990), b[0, "ns_neg"]);
        Assert.Equal(t.AddMilliseconds(500), b[0, "tz"]);
        Assert.Equal(EngineValues.MaxTimestamp, b[0, "inf"]);
        Assert.Equal(DateOnly.MinValue, b[0, "ninf"]);
        Assert.All(b.Schema.Fields.Take(6), f => Assert.Equal(DataType.Timestamp, f.Type));
    }

    [Fact]
    public void OddTypes_AreReadAsDuckDbText()
    {
        _c.Execute("CREATE TYPE mood AS ENUM ('sad', 'happy')");
        var b = _c.QueryAll("""
            SELECT 'happy'::mood AS e, '123e4567-e89b-12d3-a456-426614174000'::UUID AS u, TIME '10:11:12.5' AS t,
                   INTERVAL '1 year 2 days 3 seconds' AS iv, '{"a": [1, 2]}'::JSON AS j, NULL AS n,
                   '10101'::BIT AS bits, union_value(num := 2) AS un, TIMETZ '10:11:12+02' AS ttz
            """);
        // A bare NULL is typed INTEGER by DuckDB; everything else here is text.
        Assert.All(b.Schema.Fields.Where(f => f.Name != "n"), f => Assert.Equal(DataType.String, f.Type));
        Assert.Equal("happy", b[0, "e"]);
        Assert.Equal("123e4567-e89b-12d3-a456-426614174000", b[0, "u"]);
        Assert.Equal("10:11:12.5", b[0, "t"]);
        Assert.Equal("1 year 2 days 00:00:03", b[0, "iv"]);
        Assert.Equal("""{"a": [1, 2]}""", b[0, "j"]);
        Assert.Null(b[0, "n"]);
        Assert.Equal("10101", b[0, "bits"]);
        Assert.Equal("2", b[0, "un"]);
    }

    [Fact]
    public void OddTypes_InsideNestedValues_AreCastElementwise()
    {
        var b = _c.QueryAll("""
            SELECT [TIME '01:02:03', NULL] AS lt,
                   {'id': '00000000-0000-0000-0000-000000000001'::UUID, 'n': 5} AS st,
                   MAP {'k': INTERVAL 1 DAY} AS m,
                   [INTERVAL 1 HOUR, INTERVAL 2 HOUR]::INTERVAL[2] AS arr,
                   42 AS plain
            """);
        Assert.Equal(DataType.List(DataType.String), b.Schema["lt"].Type);
        Assert.Equal(DataType.Struct(new Field("id", DataType.String), new Field("n", DataType.Int32)), b.Schema["st"].Type);
        Assert.Equal(DataType.List(DataType.Struct(new Field("key", DataType.String), new Field("value", DataType.String))), b.Schema["m"].Type);
        Assert.Equal(DataType.FixedSizeList(DataType.String, 2), b.Schema["arr"].Type);
        BatchAssert.ValueEqual(new object?[] { "01:02:03", null }, b[0, "lt"]);
        BatchAssert.ValueEqual(new Dictionary<string, object?> { ["id"] = "00000000-0000-0000-0000-000000000001", ["n"] = 5 }, b[0, "st"]);
        BatchAssert.ValueEqual(new object?[] { new Dictionary<string, object?> { ["key"] = "k", ["value"] = "1 day" } }, b[0, "m"]);
        Assert.Equal(42, b[0, "plain"]);
    }

    [Fact]
    public void CastWrapping_KeepsOrder_Parameters_AndTrailingComments()
    {
        var b = _c.QueryAll("SELECT i, INTERVAL (i) DAY AS iv FROM range($1) t(i) ORDER BY i DESC; -- newest first", 5000L);
        Assert.Equal(5000, b.RowCount);
        Assert.Equal(4999L, b[0, "i"]);
        Assert.Equal("4999 days", b[0, "iv"]);
        Assert.Equal(0L, b[4999, "i"]);
    }

    [Fact]
    public void Maps_AreListsOfKeyValueStructs()
    {
        var b = _c.QueryAll("SELECT MAP {'a': 1, 'b': NULL} AS m UNION ALL SELECT NULL UNION ALL SELECT MAP {}");
        Assert.Equal(DataType.List(DataType.Struct(new Field("key", DataType.String), new Field("value", DataType.Int32))), b.Schema[0].Type);
        var rows = b.Rows().Select(r => r["m"]).ToList();
        Assert.Contains(rows, r => r is null);
        Assert.Contains(rows, r => r is Array { Length: 0 });
        var full = (Array)rows.Single(r => r is Array { Length: 2 })!;
        BatchAssert.ValueEqual(new Dictionary<string, object?> { ["key"] = "b", ["value"] = null }, full.GetValue(1));
    }

    [Fact]
    public void ListFunctions_WithUnorderedChildren_AreGathered()
    {
        // list_reverse / list slices produce list entries that do not follow each other in the child vector.
        var b = _c.QueryAll("SELECT list_reverse(l)[2:] AS r, l FROM (SELECT [i, i + 1, i + 2] AS l FROM range(3000) t(i))");
        for (var r = 0; r < b.RowCount; r += 499)
            BatchAssert.ValueEqual(new long[] { r + 1, r }, b[r, "r"]);
        var nested = _c.QueryAll("SELECT [[1, 2], NULL, [], [3]] AS ll, [{'a': [1]}, NULL] AS ls");
        BatchAssert.ValueEqual(new object?[] { new[] { 1, 2 }, null, Array.Empty<int>(), new[] { 3 } }, nested[0, "ll"]);
        BatchAssert.ValueEqual(new object?[] { new Dictionary<string, object?> { ["a"] = new[] { 1 } }, null }, nested[0, "ls"]);
    }

    [Fact]
    public void DuplicateColumnNames_GetSuffixes()
    {
        var b = _c.QueryAll("SELECT 1 AS a, 2 AS A, 3 AS a_1");
        Assert.Equal(["a", "A_1", "a_1_1"], b.Schema.Fields.Select(f => f.Name));
        Assert.Equal(2, b[0, "A_1"]);
    }

    [Fact]
    public void HugeInt_BeyondDecimalRange_AsksForACast()
    {
        var e = Assert.Throws<StrataQueryException>(() => _c.QueryAll("SELECT 170141183460469231731687303715884105727::HUGEINT AS big"));
        Assert.Contains("CAST", e.Message);
        Assert.Contains("big", e.Message);
        Assert.Equal("170141183460469231731687303715884105727", _c.QueryScalar("SELECT 170141183460469231731687303715884105727::HUGEINT::VARCHAR"));
    }

    [Fact]
    public void DateOutsideDotNetRange_AsksForACast()
    {
        var e = Assert.Throws<StrataQueryException>(() => _c.QueryAll("SELECT DATE '0044-03-15 (BC)' AS ides"));
        Assert.Contains("CAST", e.Message);
    }

    [Fact]
    public void MultipleStatements_RunThroughExecute()
    {
        _c.Execute("CREATE TABLE a (x INT); INSERT INTO a VALUES (1), (2); INSERT INTO a VALUES (3);");
        Assert.Equal(6m, _c.QueryScalar("SELECT sum(x) FROM a"));
        Assert.Equal(3, _c.ExecuteNonQuery("UPDATE a SET x = x + 1"));
        Assert.Equal(2, _c.ExecuteNonQuery("DELETE FROM a WHERE x > $1", 2));
    }

    [Fact]
    public void NonSelectStatements_ReturnTheirRows()
    {
        Assert.Equal(DataType.String, _c.QueryAll("EXPLAIN SELECT 1").Schema[1].Type);
        _c.Execute("CREATE TABLE p (id UUID, n INT)");
        var described = _c.QueryAll("DESCRIBE p");
        Assert.Equal("UUID", described[0, "column_type"]);
        var inserted = _c.QueryAll("INSERT INTO p VALUES ('00000000-0000-0000-0000-000000000002', 1) RETURNING n");
        Assert.Equal(1, inserted[0, "n"]);
    }

    [Fact]
    public void OneDatabase_ServesConnectionsOnManyThreads()
    {
        _c.Execute("CREATE TABLE shared AS SELECT range AS i FROM range(100000)");
        var sums = new long[8];
        Parallel.For(0, sums.Length, k =>
        {
            using var c = _db.Connect();
            foreach (var b in c.Query("SELECT i FROM shared WHERE i % 8 = $1", [(long)k]))
                foreach (var v in ((PrimitiveColumn<long>)b.Columns[0]).Values) sums[k] += v;
        });
        Assert.Equal(99_999L * 100_000 / 2, sums.Sum());
    }
}
