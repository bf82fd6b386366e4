using Strata.Data;
using Strata.Engine;
using Strata.Tests.TestSupport;

namespace Strata.Tests.Core;

/// <summary>Every type through a table: write → Parquet → read, by Strata and by DuckDB directly.</summary>
public sealed class TypeRoundTripTests
{
    private static RecordBatch AllTypesWithoutBadVectors(int rows)
    {
        // The top-level vector column of the sample holds NaN on purpose; bad-vector handling is tested separately.
        var all = SampleBatches.AllTypes(rows);
        var picked = all.Select(all.Schema.Fields.Select(f => f.Name).Where(n => n != "vec").ToArray());
        // DuckDB's Parquet writer stores -0.0 as 0.0 (equal values share a dictionary entry); expect that.
        return picked
            .WithColumn("f32", Column.FromValues(DataType.Float32, Enumerable.Range(0, rows).Select(i => picked.Column("f32").GetValue(i) is float f && f == 0 ? 0f : picked.Column("f32").GetValue(i))))
            .WithColumn("f64", Column.FromValues(DataType.Float64, Enumerable.Range(0, rows).Select(i => picked.Column("f64").GetValue(i) is double d && d == 0 ? 0d : picked.Column("f64").GetValue(i))));
    }

    [Fact]
    public async Task EveryType_RoundTrips_ThroughTable()
    {
        await using var t = await TempLake.CreateAsync();
        var data = AllTypesWithoutBadVectors(300);
        var table = await t.Lake.CreateTableAsync("all_types", data);
        BatchAssert.SchemaEqual(data.Schema, table.Schema);
        var back = await table.Query().Select(data.Schema.Fields.Select(f => f.Name).ToArray()).ToBatchAsync();
        BatchAssert.Equal(data, back);

        // Reopened from disk by a new lake object, at version 1.
        await using var again = await Strata.Lake.OpenAsync(t.Folder);
        var reopened = await again.OpenTableAsync("all_types", 1);
        BatchAssert.Equal(data, await reopened.ToBatchAsync());
    }

    [Fact]
    public async Task Vectors_Of_1000_Dimensions_And_Large_Binaries_RoundTrip()
    {
        await using var t = await TempLake.CreateAsync();
        var vectors = SampleBatches.Vectors(500, 1000);
        var table = await t.Lake.CreateTableAsync("vecs", vectors);
        Assert.Equal(DataType.FixedSizeList(DataType.Float32, 1000), table.Schema["v"].Type);
        BatchAssert.Equal(vectors, await table.ToBatchAsync());

        var rnd = new Random(7);
        var blobs = Enumerable.Range(0, 4).Select(i => { var b = new byte[(i + 1) * 3_000_000]; rnd.NextBytes(b); return b; }).ToArray();
        var big = new RecordBatch(("id", Column.From(new long[] { 0, 1, 2, 3 })), ("blob", Column.FromValues(DataType.Binary, blobs)));
        var bigTable = await t.Lake.CreateTableAsync("blobs", big);
        BatchAssert.Equal(big, await bigTable.ToBatchAsync());
    }

    [Fact]
    public async Task ParquetFiles_ReadByDuckDbDirectly_MatchStrataReader()
    {
        await using var t = await TempLake.CreateAsync();
        var data = AllTypesWithoutBadVectors(200);
        var table = await t.Lake.CreateTableAsync("direct", data);
        await table.AddAsync(AllTypesWithoutBadVectors(50));
        var files = Directory.GetFiles(Path.Combine(t.Folder, "tables", table.Id, "data"), "*.parquet").Order().ToList();
        Assert.Equal(2, files.Count);

        using var db = DuckDbDatabase.OpenInMemory();
        using var conn = db.Connect();
        var list = "[" + string.Join(", ", files.Select(SqlNames.Literal)) + "]";
        // Parquet has no fixed-size list, so DuckDB reads vectors as lists; compare as text per column.
        var cols = string.Join(", ", data.Schema.Fields.Select(f => $"CAST({SqlNames.Quote(f.Name)} AS VARCHAR) AS {SqlNames.Quote(f.Name)}"));
        var direct = conn.QueryAll($"SELECT {cols} FROM read_parquet({list}) ORDER BY ALL");
        var viaStrata = await t.Lake.SqlAsync($"SELECT {cols} FROM direct ORDER BY ALL");
        Assert.Equal(250, direct.RowCount);
        BatchAssert.Equal(direct, viaStrata);
    }

    [Fact]
    public async Task BadVectors_Error_Drop_Fill()
    {
        await using var t = await TempLake.CreateAsync();
        var schema = Schema.Parse("id int64, v float[3]");
        var bad = new RecordBatch(schema.Fields.Take(1).Append(new Field("v", DataType.List(DataType.Float32))).Let(s => new Schema(s)),
            [
                Column.From(new long[] { 1, 2, 3, 4 }),
                Column.FromValues(DataType.List(DataType.Float32), [new[] { 1f, 2f, 3f }, new[] { 1f, 2f }, new[] { 1f, float.NaN, 3f }, null]),
            ]);
        var table = await t.Lake.CreateTableAsync("v", schema);
        var e = await Assert.ThrowsAsync<StrataInvalidInputException>(() => table.AddAsync(bad));
        Assert.Contains("row 1", e.Message);
        Assert.Equal(0, await table.CountRowsAsync());
        Assert.Equal(1, table.Version);

        await table.AddAsync(bad, new WriteOptions { OnBadVectors = BadVectorPolicy.Drop });
        var kept = await table.ToBatchAsync();
        Assert.Equal([1L, 4L], kept.Rows().Select(r => (long)r["id"]!).Order());

        var filled = await t.Lake.CreateTableAsync("v2", schema);
        await filled.AddAsync(bad, new WriteOptions { OnBadVectors = BadVectorPolicy.Fill, FillValue = 9f });
        var rows = (await filled.ToBatchAsync()).Rows().ToDictionary(r => (long)r["id"]!, r => r["v"]);
        Assert.Equal(new[] { 1f, 2f, 3f }, (float[])rows[1]!);
        Assert.Equal(new[] { 9f, 9f, 9f }, (float[])rows[2]!);
        Assert.Equal(new[] { 9f, 9f, 9f }, (float[])rows[3]!);
        Assert.Null(rows[4]);
    }
}

internal static class FluentExtensions
{
    public static TOut Let<TIn, TOut>(this TIn value, Func<TIn, TOut> f) => f(value);
}
