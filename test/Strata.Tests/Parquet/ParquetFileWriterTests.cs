using System.Globalization;
using Strata.Data;
using Strata.Engine;
using Strata.Parquet;
using Strata.Tests.TestSupport;

namespace Strata.Tests.Parquet;

/// <summary>Files of <see cref="ParquetFileWriter"/> read by the real DuckDB: values, types and statistics as DuckDB's own files give them.</summary>
public sealed class ParquetFileWriterTests : IDisposable
{
    private static readonly string[] Flat = ["b", "i8", "i16", "i32", "i64", "u8", "u16", "u32", "u64", "f32", "f64", "s", "bin", "date", "ts"];

    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("strata-parquet");

    public void Dispose() => _dir.Delete(recursive: true);

    private string PathOf(string name) => Path.Combine(_dir.FullName, name);

    private static long Write(string path, RecordBatch batch) =>
        ParquetFileWriter.Write(path, batch.Schema.Fields.Select(f => f.Name).ToList(), batch.Columns.ToList());

    [Fact]
    public void EveryFlatType_WithNullsAndEdgeValues_ReadsBackAsWritten_WithDuckDbsOwnTypes()
    {
        var batch = SampleBatches.AllTypes(3000).Select(Flat);
        var ours = PathOf("ours.parquet");
        var size = Write(ours, batch);
        Assert.Equal(new FileInfo(ours).Length, size);
        var duck = PathOf("duck.parquet");
        BatchFiles.WriteParquet(duck, [batch]);

        BatchAssert.Equal(batch, BatchFiles.ReadAll(ours));
        using var db = DuckDbDatabase.OpenInMemory();
        using var conn = db.Connect();
        string Types(string file) => string.Join(",", conn.QueryAll($"DESCRIBE SELECT * FROM read_parquet('{file}')").Rows().Select(r => $"{r["column_name"]}:{r["column_type"]}"));
        Assert.Equal(Types(duck), Types(ours));
        // The same rows as DuckDB's file, compared by DuckDB itself (NaN = NaN and -0.0 = 0.0 in its ordering).
        Assert.Equal(0L, Convert.ToInt64(conn.QueryScalar(
            $"SELECT count(*) FROM (SELECT * FROM read_parquet('{ours}') EXCEPT ALL SELECT * FROM read_parquet('{duck}'))"), CultureInfo.InvariantCulture));
    }

    [Fact]
    public void ManyRowGroups_AndFilters_ThatStatisticsCouldWronglySkip_CountTheSameAsDuckDbsFile()
    {
        const int n = 300_000; // three row groups
        var ids = new long[n];
        var values = new double[n];
        var valid = new bool[n];
        var days = new DateOnly[n];
        var texts = new string?[n];
        for (var i = 0; i < n; i++)
        {
            ids[i] = i - 150_000;
            values[i] = i % 3 == 0 ? 0.0 : i % 3 == 1 ? -0.0 : i / 1000.0;
            valid[i] = i % 11 != 0;
            days[i] = DateOnly.FromDayNumber(700_000 + i / 10);
            texts[i] = i % 17 == 0 ? null : "t" + (i % 1000).ToString(CultureInfo.InvariantCulture);
        }
        var batch = new RecordBatch(("id", Column.From(ids)), ("v", Column.From(values, valid)), ("day", Column.From(days)), ("t", Column.From(texts)));
        var ours = PathOf("many.parquet");
        Write(ours, batch);
        var duck = PathOf("many-duck.parquet");
        BatchFiles.WriteParquet(duck, [batch]);
        using var db = DuckDbDatabase.OpenInMemory();
        using var conn = db.Connect();
        Assert.Equal(3L, Convert.ToInt64(conn.QueryScalar($"SELECT count(DISTINCT row_group_id) FROM parquet_metadata('{ours}')"), CultureInfo.InvariantCulture));
        foreach (var where in new[]
                 {
                     "id >= 100000", "id < -149990", "id = 149999", "v = 0", "v > 299.0", "v IS NULL", "v < 0",
                     $"day >= DATE '{DateOnly.FromDayNumber(700_000 + 25_000):yyyy-MM-dd}'", "t = 't999'", "t IS NULL",
                 })
        {
            var expected = conn.QueryScalar($"SELECT count(*) FROM read_parquet('{duck}') WHERE {where}");
            var actual = conn.QueryScalar($"SELECT count(*) FROM read_parquet('{ours}') WHERE {where}");
            Assert.True(Equals(expected, actual), $"{where}: DuckDB's file {expected}, ours {actual}");
        }
        BatchAssert.Equal(batch, BatchFiles.ReadAll(ours, batch.Schema));
    }

    [Fact]
    public void AllNullColumns_EmptyStrings_AndZeroRows_AreValidFiles()
    {
        var batch = new RecordBatch(("n", Column.Nulls(DataType.Int64, 10)), ("s", Column.From(Enumerable.Repeat("", 10).ToArray())),
            ("b", Column.Nulls(DataType.Boolean, 10)));
        var path = PathOf("nulls.parquet");
        Write(path, batch);
        BatchAssert.Equal(batch, BatchFiles.ReadAll(path, batch.Schema));

        var empty = PathOf("empty.parquet");
        ParquetFileWriter.Write(empty, ["x"], [Column.Nulls(DataType.Float64, 0)]);
        Assert.Equal(0, BatchFiles.ReadAll(empty, new Schema(new Field("x", DataType.Float64))).RowCount);
    }

    [Fact]
    public void UnsupportedTypes_MismatchedColumns_AndExistingFiles_AreRejected()
    {
        var path = PathOf("bad.parquet");
        Assert.False(ParquetFileWriter.Supports(DataType.List(DataType.Int64)));
        Assert.False(ParquetFileWriter.Supports(DataType.Decimal(9, 2)));
        Assert.Throws<ArgumentException>(() => ParquetFileWriter.Write(path, ["l"], [Column.Nulls(DataType.List(DataType.Int64), 1)]));
        Assert.Throws<ArgumentException>(() => ParquetFileWriter.Write(path, ["a", "b"], [Column.From(new long[] { 1 }), Column.From(new long[] { 1, 2 })]));
        Assert.Throws<ArgumentException>(() => ParquetFileWriter.Write(path, ["a"], []));
        Assert.False(File.Exists(path));
        File.WriteAllText(path, "x");
        Assert.Throws<IOException>(() => ParquetFileWriter.Write(path, ["a"], [Column.From(new long[] { 1 })]));
        Assert.Equal("x", File.ReadAllText(path));
    }
}

/// <summary>Which appends and backfills skip the engine, observed in the files' <c>created_by</c>, and that their rows read back the same.</summary>
public sealed class DirectWriteTests
{
    private static async Task<List<string>> WritersAsync(Table table)
    {
        using var conn = table.Lake.Engine.Connect();
        var writers = new List<string>();
        foreach (var fragment in table.Snapshot.Manifest.Fragments)
            foreach (var file in fragment.Files)
            {
                var path = await table.Lake.Storage.GetLocalPathAsync(file.Path);
                var by = (string)conn.QueryScalar($"SELECT created_by FROM parquet_file_metadata('{path}')")!;
                writers.Add(by.StartsWith("DuckDB", StringComparison.Ordinal) ? "duckdb" : by);
            }
        return writers;
    }

    private static RecordBatch Rows(long start, int n) => new(
        ("id", Column.From(Enumerable.Range(0, n).Select(i => start + i).ToArray())),
        ("name", Column.From(Enumerable.Range(0, n).Select(i => i % 5 == 0 ? null : "n" + (start + i).ToString(CultureInfo.InvariantCulture)).ToArray())),
        ("stamp", Column.From(Enumerable.Range(0, n).Select(i => new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddSeconds(start + i)).ToArray())));

    [Fact]
    public async Task SmallAppends_SkipTheEngine_LargeTextOnesAndComputedColumnsDoNot_AndAllReadTheSame()
    {
        await using var t = await TempLake.CreateAsync();
        var table = await t.Lake.CreateTableAsync("t", Rows(0, 20_000)); // text beyond SmallRows: DuckDB, compressed
        await table.AddAsync([Rows(20_000, 10)]);
        await table.AddAsync([Rows(20_010, 3), Rows(20_013, 4)]);
        Assert.Equal(["duckdb", "Strata", "Strata"], await WritersAsync(table));

        var all = await table.Query().Select("id", "name", "stamp").ToBatchAsync();
        BatchAssert.Equal(BatchConcat.Concat(all.Schema, [Rows(0, 20_000), Rows(20_000, 10), Rows(20_010, 3), Rows(20_013, 4)]), all);
        Assert.Equal(5, await table.CountRowsAsync("id >= 20010 AND name IS NOT NULL AND stamp > TIMESTAMP '2024-01-01'"));

        // A SQL column is computed by the engine as rows arrive, so such appends go through it.
        await table.AddColumnsAsync(new Dictionary<string, string> { ["twice"] = "id * 2" });
        await table.AddAsync([Rows(30_000, 5)]);
        Assert.Equal("duckdb", (await WritersAsync(table))[^1]);
        Assert.Equal(5, await table.CountRowsAsync("twice = id * 2 AND id >= 30000"));
    }

    [Fact]
    public async Task CompactionOfSmallFragments_WithDeletions_WritesDirectly_AndKeepsRowsAndRowIds()
    {
        await using var t = await TempLake.CreateAsync();
        var table = await t.Lake.CreateTableAsync("t", Rows(0, 10));
        for (var i = 1; i < 8; i++) await table.AddAsync([Rows(i * 10, 10)]);
        await table.DeleteAsync("id % 7 = 3");
        var before = await table.Query().Select("id", "name", "stamp").WithRowId().ToBatchAsync();
        await table.CompactAsync();
        await table.RefreshAsync();
        Assert.Single(table.Snapshot.Manifest.Fragments);
        Assert.Equal(["Strata"], await WritersAsync(table));
        BatchAssert.Equal(before, await table.Query().Select("id", "name", "stamp").WithRowId().ToBatchAsync());
    }

    [Fact]
    public async Task JobRecords_AndBackfilledNumberColumns_AreWrittenWithoutTheEngine()
    {
        await using var t = await TempLake.CreateAsync(new LakeOptions { MaxRowsPerFragment = 50_000 });
        var table = await t.Lake.CreateTableAsync("t", Rows(0, 120_000));
        await table.AddColumnsAsync(Strata.Udfs.Udf.Scalar("len", (string? name) => (name ?? "").Length * 1.5));
        var job = await table.BackfillAsync("len");
        Assert.Equal(120_000, job.RowsComputed); // a string? parameter takes the null names too
        await table.RefreshAsync();
        var lenFiles = new List<string>();
        using (var conn = t.Lake.Engine.Connect())
            foreach (var fragment in table.Snapshot.Manifest.Fragments)
            {
                var file = fragment.Files.Single(f => f.Columns.Values.Contains("len"));
                var path = await t.Lake.Storage.GetLocalPathAsync(file.Path);
                lenFiles.Add((string)conn.QueryScalar($"SELECT created_by FROM parquet_file_metadata('{path}')")!);
            }
        Assert.Equal(["Strata", "Strata", "Strata"], lenFiles);
        Assert.Equal(120_000, await table.CountRowsAsync("len = length(coalesce(name, '')) * 1.5"));
        Assert.Equal(24_000, await table.CountRowsAsync("len = 0"));

        var record = await t.Lake.GetJobAsync(job.JobId);
        Assert.Equal(JobStatus.Done, record.Status);
        var jobs = await t.Lake.SqlAsync($"SELECT status, rows_committed FROM __system.jobs WHERE job_id = '{job.JobId}' ORDER BY seq");
        Assert.Equal("done", ((string)jobs[jobs.RowCount - 1, "status"]!).ToLowerInvariant());
        Assert.Equal(120_000L, jobs[jobs.RowCount - 1, "rows_committed"]);
    }
}
