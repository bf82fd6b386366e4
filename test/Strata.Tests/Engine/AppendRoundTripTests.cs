using Strata.Data;
using Strata.Engine;
using Strata.Tests.TestSupport;

namespace Strata.Tests.Engine;

/// <summary>Batches appended to DuckDB through data chunks and queried back are value-equal.</summary>
public sealed class AppendRoundTripTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(37)]
    [InlineData(2048)]
    [InlineData(5000)]
    public void AllTypes_RoundTrip(int rows)
    {
        using var db = DuckDbDatabase.OpenInMemory();
        using var c = db.Connect();
        var batch = SampleBatches.AllTypes(rows);
        c.CreateTable("t", batch.Schema);
        c.Append("t", batch);
        Assert.Equal(rows, Convert.ToInt64(c.QueryScalar("SELECT count(*) FROM t")));
        BatchAssert.Equal(batch, c.QueryAll("SELECT * FROM t"));
    }

    [Fact]
    public void AllTypes_StreamedBack_InChunks()
    {
        using var db = DuckDbDatabase.OpenInMemory();
        using var c = db.Connect();
        var batch = SampleBatches.AllTypes(7000);
        c.CreateTable("t", batch.Schema);
        c.Append("t", batch);
        var parts = c.Query("SELECT * FROM t").ToList();
        Assert.True(parts.Count >= 4, $"expected several chunks, got {parts.Count}");
        Assert.All(parts, p => Assert.InRange(p.RowCount, 1, DuckDbDatabase.VectorSize));
        BatchAssert.Equal(batch, parts);
    }

    [Fact]
    public void TemporaryTable_AppendBatches_SumsRows()
    {
        using var db = DuckDbDatabase.OpenInMemory();
        using var c = db.Connect();
        var batch = SampleBatches.AllTypes(100);
        c.CreateTable("tmp", batch.Schema, temporary: true);
        Assert.Equal(250, c.AppendBatches("tmp", [batch, batch.Slice(10, 50), batch.Slice(0, 100)]));
        Assert.Equal(250L, c.QueryScalar("SELECT count(*)::BIGINT FROM temp.main.tmp"));
    }

    [Fact]
    public void Unicode_EmptyAndLongStrings_Survive()
    {
        using var db = DuckDbDatabase.OpenInMemory();
        using var c = db.Connect();
        string?[] values = [.. SampleBatches.Strings, null, "🧪" + new string('é', 5000), "\ud800 lone surrogate"];
        var batch = new RecordBatch(("s", Column.From(values)));
        c.CreateTable("t", batch.Schema);
        c.Append("t", batch);
        var back = c.QueryAll("SELECT s FROM t");
        for (var i = 0; i < values.Length - 1; i++)
            Assert.Equal(values[i], back.Column("s").GetValue(i));
        // A lone surrogate is not valid Unicode: it is stored as U+FFFD.
        Assert.Equal("\ufffd lone surrogate", back.Column("s").GetValue(values.Length - 1));
        Assert.Equal(8L, c.QueryScalar("SELECT length(s)::BIGINT FROM t WHERE s LIKE '😀%'"));
    }

    [Fact]
    public void LargeBinaries_OfSeveralMegabytes_RoundTrip()
    {
        using var db = DuckDbDatabase.OpenInMemory();
        using var c = db.Connect();
        var big = new byte[6 * 1024 * 1024];
        new Random(7).NextBytes(big);
        var batch = new RecordBatch(("id", Column.From(new[] { 1, 2, 3 })),
            ("b", new BinaryColumn([big, [], big.AsSpan(0, 3 * 1024 * 1024 + 1).ToArray()], 3, null)));
        c.CreateTable("t", batch.Schema);
        c.Append("t", batch);
        BatchAssert.Equal(batch, c.QueryAll("SELECT * FROM t ORDER BY id"));
        Assert.Equal((long)big.Length, c.QueryScalar("SELECT octet_length(b)::BIGINT FROM t WHERE id = 1"));
    }

    [Fact]
    public void ThousandDimensionVectors_RoundTrip_WithNullRows()
    {
        using var db = DuckDbDatabase.OpenInMemory();
        using var c = db.Connect();
        var type = DataType.FixedSizeList(DataType.Float32, 1000);
        var builder = (FixedSizeListColumnBuilder)ColumnBuilder.Create(type, 3000);
        var rnd = new Random(3);
        var vector = new float[1000];
        for (var r = 0; r < 3000; r++)
        {
            if (r % 17 == 5) { builder.AppendNull(); continue; }
            for (var i = 0; i < vector.Length; i++) vector[i] = (float)rnd.NextDouble() - 0.5f;
            builder.Append(vector);
        }
        var batch = new RecordBatch(("v", builder.Build()));
        c.CreateTable("t", batch.Schema);
        c.Append("t", batch);
        BatchAssert.Equal(batch, c.QueryAll("SELECT * FROM t"));
        Assert.Equal(1000L, c.QueryScalar("SELECT array_length(v)::BIGINT FROM t LIMIT 1"));
    }

    [Fact]
    public void Decimals_OfEachStorageWidth_KeepExactValues()
    {
        using var db = DuckDbDatabase.OpenInMemory();
        using var c = db.Connect();
        (DataType Type, decimal[] Values)[] cases =
        [
            (DataType.Decimal(4, 2), [99.99m, -99.99m, 0.01m, 12.5m]),
            (DataType.Decimal(9, 0), [999999999m, -999999999m, 0m, 1m]),
            (DataType.Decimal(18, 9), [999999999.999999999m, -123456789.123456789m, 0.000000001m, 5m]),
            (DataType.Decimal(38, 0), [79228162514264337593543950335m, -79228162514264337593543950335m, 0m, 12345678901234567890m]),
            (DataType.Decimal(28, 28), [0.9999999999999999999999999999m, -0.0000000000000000000000000001m, 0m, 0.5m]),
        ];
        foreach (var (type, values) in cases)
        {
            c.Execute("DROP TABLE IF EXISTS t");
            var batch = new RecordBatch(new Schema(new Field("d", type)), [new PrimitiveColumn<decimal>(type, values, values.Length, null)]);
            c.CreateTable("t", batch.Schema);
            c.Append("t", batch);
            BatchAssert.Equal(batch, c.QueryAll("SELECT * FROM t"));
            Assert.Equal(values.Sum(), (decimal)c.QueryScalar("SELECT sum(d) FROM t")!);
        }
    }

    [Fact]
    public void Decimal_WithMoreDigitsThanTheColumn_IsRoundedOrRejected()
    {
        using var db = DuckDbDatabase.OpenInMemory();
        using var c = db.Connect();
        var type = DataType.Decimal(5, 2);
        c.CreateTable("t", new Schema(new Field("d", type)));
        c.Append("t", new RecordBatch(new Schema(new Field("d", type)), [new PrimitiveColumn<decimal>(type, [1.005m, -2.344m], 2, null)]));
        var back = c.QueryAll("SELECT d FROM t");
        Assert.Equal(1.01m, back.Column(0).GetValue(0));
        Assert.Equal(-2.34m, back.Column(0).GetValue(1));
        var tooBig = new RecordBatch(new Schema(new Field("d", type)), [new PrimitiveColumn<decimal>(type, [1000m], 1, null)]);
        var e = Assert.Throws<StrataInvalidInputException>(() => c.Append("t", tooBig));
        Assert.Contains("decimal(5,2)", e.Message);
    }

    [Fact]
    public void DatesAndTimestamps_BeforeAndAfterTheEpoch_KeepMicroseconds()
    {
        using var db = DuckDbDatabase.OpenInMemory();
        using var c = db.Connect();
        DateTime[] stamps =
        [
            new DateTime(1969, 12, 31, 23, 59, 59, DateTimeKind.Utc).AddTicks(9_999_990),
            new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddTicks(-10),
            new DateTime(1492, 10, 12, 1, 2, 3, DateTimeKind.Utc).AddTicks(4560),
            new DateTime(2262, 4, 11, 23, 47, 16, DateTimeKind.Utc).AddTicks(8_547_750),
        ];
        DateOnly[] dates = [new(1969, 12, 31), new(1, 1, 1), new(1600, 2, 29), new(9999, 12, 31)];
        var batch = new RecordBatch(("ts", Column.From(stamps)), ("d", Column.From(dates)));
        c.CreateTable("t", batch.Schema);
        c.Append("t", batch);
        BatchAssert.Equal(batch, c.QueryAll("SELECT * FROM t"));
        Assert.Equal("1969-12-31 23:59:59.999999", c.QueryScalar("SELECT ts::VARCHAR FROM t LIMIT 1"));
        Assert.Equal(-1L, c.QueryScalar("SELECT epoch_us(ts) FROM t WHERE ts < '1970-01-01' AND ts > '1969-12-31 23:59:59.9999'"));
    }

    [Fact]
    public void NestedListOfStructs_AndStructOfLists_RoundTrip()
    {
        using var db = DuckDbDatabase.OpenInMemory();
        using var c = db.Connect();
        var type = DataType.List(DataType.Struct(
            new Field("name", DataType.String),
            new Field("tags", DataType.List(DataType.String)),
            new Field("point", DataType.Struct(new Field("x", DataType.Float64), new Field("y", DataType.Float64)))));
        var column = Column.FromValues(type,
        [
            new object?[]
            {
                new Dictionary<string, object?> { ["name"] = "a", ["tags"] = new[] { "x", "y" }, ["point"] = new Dictionary<string, object?> { ["x"] = 1.0, ["y"] = 2.0 } },
                null,
                new Dictionary<string, object?> { ["name"] = null, ["tags"] = null, ["point"] = null },
            },
            null,
            Array.Empty<object>(),
            new object?[] { new Dictionary<string, object?> { ["name"] = "漢字", ["tags"] = Array.Empty<string>(), ["point"] = new Dictionary<string, object?> { ["x"] = double.NaN, ["y"] = -0.0 } } },
        ]);
        var batch = new RecordBatch(("v", column));
        c.CreateTable("t", batch.Schema);
        c.Append("t", batch);
        BatchAssert.Equal(batch, c.QueryAll("SELECT * FROM t"));
        Assert.Equal("漢字", c.QueryScalar("SELECT v[1].name FROM t WHERE len(v) = 1"));
    }

    [Fact]
    public void Appender_WithWrongColumns_ThrowsQueryException()
    {
        using var db = DuckDbDatabase.OpenInMemory();
        using var c = db.Connect();
        c.Execute("CREATE TABLE t (a INTEGER, b VARCHAR)");
        var e = Assert.Throws<StrataQueryException>(() => c.Append("t", new RecordBatch(("a", Column.From(new[] { 1 })))));
        Assert.Contains("column", e.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Throws<StrataQueryException>(() => c.Append("missing", new RecordBatch(("a", Column.From(new[] { 1 })))));
        Assert.Equal(0L, c.QueryScalar("SELECT count(*)::BIGINT FROM t"));
    }

    [Fact]
    public void Appender_CastsToTheTableTypes_AndReportsConstraintViolations()
    {
        using var db = DuckDbDatabase.OpenInMemory();
        using var c = db.Connect();
        c.Execute("CREATE TABLE t (a BIGINT NOT NULL, b DOUBLE)");
        c.Append("t", new RecordBatch(("a", Column.From(new[] { 1, 2 })), ("b", Column.From(new[] { 1.5f, 2.5f }))));
        Assert.Equal(3L, c.QueryScalar("SELECT sum(a)::BIGINT FROM t"));
        var withNull = new RecordBatch(("a", Column.From(new int[] { 1, 0 }, [true, false])), ("b", Column.From(new[] { 1f, 2f })));
        Assert.Throws<StrataQueryException>(() => c.Append("t", withNull));
    }
}
