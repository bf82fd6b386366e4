using System.Text;
using Strata.Data;
using Strata.Engine;
using Strata.Tests.TestSupport;

namespace Strata.Tests.Engine;

/// <summary>CSV, JSON lines and Parquet through DuckDB's readers and writers, via <see cref="BatchFiles"/>.</summary>
public sealed class FileFormatTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("strata-files");

    public void Dispose() => _dir.Delete(recursive: true);

    private string PathOf(string name) => Path.Combine(_dir.FullName, name);

    [Fact]
    public void Parquet_RoundTrip_AllTypes_WithSchema()
    {
        var batch = SampleBatches.AllTypes(5000);
        var path = PathOf("all.parquet");
        Assert.Equal(5000, BatchFiles.WriteParquet(path, [batch.Slice(0, 1000), batch.Slice(1000, 4000)]));
        BatchAssert.Equal(batch, BatchFiles.ReadParquet(path, batch.Schema));
        BatchAssert.Equal(batch, BatchFiles.ReadAll(path, batch.Schema));
    }

    [Fact]
    public void Parquet_WithoutSchema_ReadsFixedSizeListsAsLists()
    {
        var batch = SampleBatches.AllTypes(300);
        var path = PathOf("auto.parquet");
        BatchFiles.WriteParquet(path, [batch]);
        var back = BatchFiles.ReadAll(path);
        // Parquet has no fixed-size list; every other type comes back as written.
        for (var i = 0; i < batch.Schema.Count; i++)
        {
            var expected = batch.Schema[i].Type;
            var actual = back.Schema[i].Type;
            if (expected.ToString().Contains('[', StringComparison.Ordinal)) Assert.DoesNotContain("[", actual.ToString());
            else Assert.Equal(expected, actual);
        }
        BatchAssert.ColumnEqual(batch.Column("d38"), back.Column("d38"));
        BatchAssert.ColumnEqual(batch.Column("ts"), back.Column("ts"));
        BatchAssert.ColumnEqual(batch.Column("bin"), back.Column("bin"));
    }

    [Fact]
    public void Parquet_IsZstdCompressed_AndRowGroupsAreHonoured()
    {
        var batch = SampleBatches.Vectors(10_000, 16);
        var path = PathOf("v.parquet");
        using var c = EngineHost.Connect();
        FileFormats.Write(c, path, FileFormat.Parquet, [batch], options: new CopyOptions { RowGroupSize = 2048 });
        var meta = c.QueryAll($"SELECT DISTINCT compression FROM parquet_metadata({SqlNames.Literal(path)})");
        Assert.Equal("ZSTD", meta[0, "compression"]);
        Assert.True(Convert.ToInt64(c.QueryScalar($"SELECT count(DISTINCT row_group_id) FROM parquet_metadata({SqlNames.Literal(path)})")) >= 4);
        BatchAssert.Equal(batch, BatchFiles.ReadParquet(path, batch.Schema));
    }

    [Fact]
    public void Parquet_StreamsLargeFilesInChunks()
    {
        var batch = SampleBatches.Vectors(50_000, 8);
        var path = PathOf("big.parquet");
        BatchFiles.WriteParquet(path, [batch]);
        var parts = BatchFiles.ReadParquet(path).ToList();
        Assert.True(parts.Count > 10);
        Assert.Equal(50_000, parts.Sum(p => p.RowCount));
    }

    [Fact]
    public void Csv_RoundTrip_WithSchema()
    {
        var full = SampleBatches.AllTypes(500);
        var batch = full.Select("b", "i8", "i64", "u64", "f64", "d18", "d38", "s", "date", "ts", "li", "st");
        var path = PathOf("rows.csv");
        BatchFiles.WriteCsv(path, [batch]);
        Assert.StartsWith("b,i8,i64,u64,f64,d18,d38,s,date,ts,li,st", File.ReadAllText(path));
        BatchAssert.Equal(batch, BatchFiles.ReadCsv(path, batch.Schema));
    }

    [Fact]
    public void Csv_WithoutSchema_DetectsTypes()
    {
        var path = PathOf("detect.csv");
        File.WriteAllText(path, "id,name,price,day\n1,\"a, b\",1.50,2024-01-02\n2,漢字,,2024-01-03\n");
        var b = BatchFiles.ReadAll(path);
        Assert.Equal(DataType.Int64, b.Schema["id"].Type);
        Assert.Equal(DataType.String, b.Schema["name"].Type);
        Assert.Equal(DataType.Date, b.Schema["day"].Type);
        Assert.Equal("a, b", b[0, "name"]);
        Assert.Equal("漢字", b[1, "name"]);
        Assert.Null(b[1, "price"]);
    }

    [Fact]
    public void JsonLines_RoundTrip_WithSchema()
    {
        var full = SampleBatches.AllTypes(500);
        var batch = full.Select("b", "i32", "i64", "f32", "d9", "s", "date", "ts", "li", "ls", "vec", "st", "lst", "nested");
        // JSON has no NaN/Infinity: DuckDB writes them as strings, so keep finite floats here.
        var floats = Column.From(Enumerable.Range(0, 500).Select(i => i / 4f).ToArray());
        batch = batch.WithColumn("f32", floats);
        var vec = Column.FromValues(DataType.FixedSizeList(DataType.Float32, 4),
            Enumerable.Range(0, 500).Select(i => i % 7 == 0 ? null : (object)new[] { i, 1f, -2.5f, 0f }));
        batch = batch.WithColumn("vec", vec);
        var path = PathOf("rows.jsonl");
        BatchFiles.WriteJsonLines(path, [batch]);
        var firstLine = File.ReadLines(path).First();
        Assert.StartsWith("{\"b\":", firstLine);
        BatchAssert.Equal(batch, BatchFiles.ReadJsonLines(path, batch.Schema));
    }

    [Fact]
    public void JsonLines_WithoutSchema_DetectsNestedTypes()
    {
        var path = PathOf("detect.ndjson");
        File.WriteAllText(path, """
            {"id": 1, "tags": ["a", "b"], "point": {"x": 1.5, "y": 2}, "note": "😀"}
            {"id": 2, "tags": [], "point": null, "note": null}

            """);
        var b = BatchFiles.ReadAll(path);
        Assert.Equal(DataType.Int64, b.Schema["id"].Type);
        Assert.Equal(DataType.List(DataType.String), b.Schema["tags"].Type);
        Assert.Equal(TypeKind.Struct, b.Schema["point"].Type.Kind);
        Assert.Equal("😀", b[0, "note"]);
        Assert.Null(b[1, "point"]);
    }

    [Fact]
    public void Read_ChoosesTheReaderByExtension()
    {
        var batch = new RecordBatch(("id", Column.From(new long[] { 1, 2, 3 })), ("name", Column.From(new[] { "x", null, "z" })));
        foreach (var name in new[] { "a.csv", "a.jsonl", "a.ndjson", "a.json", "a.parquet" })
        {
            var path = PathOf(name);
            BatchFiles.Write(path, [batch]);
            BatchAssert.Equal(batch, BatchFiles.ReadAll(path));
            BatchAssert.Equal(batch, BatchFiles.Read(path));
        }
        Assert.Throws<StrataInvalidInputException>(() => BatchFiles.ReadAll(PathOf("a.txt")));
    }

    [Fact]
    public void EmptyFiles_KeepTheirSchema()
    {
        var schema = new Schema(new Field("id", DataType.Int64), new Field("v", DataType.FixedSizeList(DataType.Float32, 3)));
        var path = PathOf("empty.parquet");
        Assert.Equal(0, BatchFiles.WriteParquet(path, [], schema));
        var back = BatchFiles.ReadAll(path, schema);
        Assert.Equal(0, back.RowCount);
        Assert.Equal(schema, back.Schema);
        Assert.Empty(BatchFiles.ReadParquet(path));
        Assert.Throws<StrataInvalidInputException>(() => BatchFiles.WriteParquet(PathOf("none.parquet"), []));
    }

    [Fact]
    public void Write_ReplacesAnExistingFile_AndLeavesNoTemporaryFiles()
    {
        var path = PathOf("replace.parquet");
        BatchFiles.WriteParquet(path, [SampleBatches.Vectors(10, 2)]);
        BatchFiles.WriteParquet(path, [SampleBatches.Vectors(3, 2)]);
        Assert.Equal(3, BatchFiles.ReadAll(path).RowCount);
        Assert.Single(_dir.GetFiles());
    }

    [Fact]
    public void Write_MismatchedBatches_IsInvalidInput_AndWritesNothing()
    {
        var path = PathOf("mixed.parquet");
        var a = new RecordBatch(("x", Column.From(new[] { 1 })));
        var b = new RecordBatch(("x", Column.From(new[] { "one" })));
        Assert.Throws<StrataInvalidInputException>(() => BatchFiles.WriteParquet(path, [a, b]));
        Assert.Empty(_dir.GetFiles());
    }

    [Fact]
    public void MalformedCsv_IsInvalidInput_NamingTheFile()
    {
        var path = PathOf("bad.csv");
        var sb = new StringBuilder("id,name\n");
        for (var i = 0; i < 50_000; i++) sb.Append(i).Append(",n").Append(i).Append('\n');
        sb.Append("oops,\"unterminated\n");
        File.WriteAllText(path, sb.ToString());
        var schema = new Schema(new Field("id", DataType.Int64), new Field("name", DataType.String));
        var e = Assert.Throws<StrataInvalidInputException>(() => BatchFiles.ReadCsv(path, schema).ToList());
        Assert.Contains("bad.csv", e.Message);
        Assert.Contains("Line: 50002", e.Message);
        Assert.DoesNotContain("pending query result", e.Message);
        Assert.IsType<StrataQueryException>(e.InnerException);

        foreach (var text in new[] { "a,b\n1,2,3,4\n5\n", "a,b\n1,\"x\n", "a,b\n\"1\"x\",2\n" })
        {
            File.WriteAllText(path, text);
            e = Assert.Throws<StrataInvalidInputException>(() => BatchFiles.ReadAll(path));
            Assert.Contains("bad.csv", e.Message);
        }
    }

    [Fact]
    public void MalformedJson_IsInvalidInput_NamingTheFile()
    {
        var path = PathOf("bad.jsonl");
        File.WriteAllText(path, "{\"a\": 1}\n{\"a\": 2\n{\"a\": 3}\n");
        var e = Assert.Throws<StrataInvalidInputException>(() => BatchFiles.ReadJsonLines(path).ToList());
        Assert.Contains("bad.jsonl", e.Message);
        e = Assert.Throws<StrataInvalidInputException>(() =>
            BatchFiles.ReadAll(path, new Schema(new Field("a", DataType.Int64))));
        Assert.Contains("bad.jsonl", e.Message);
    }

    [Fact]
    public void CorruptParquet_IsInvalidInput_NamingTheFile()
    {
        var path = PathOf("corrupt.parquet");
        File.WriteAllBytes(path, Encoding.ASCII.GetBytes("PAR1 this is not really parquet at all PAR1"));
        var e = Assert.Throws<StrataInvalidInputException>(() => BatchFiles.ReadParquet(path).ToList());
        Assert.Contains("corrupt.parquet", e.Message);
    }

    [Fact]
    public void NullsInANotNullColumn_AreInvalidInput_NamingTheFile()
    {
        var path = PathOf("nulls.csv");
        File.WriteAllText(path, "id,name\n1,a\n,b\n");
        var schema = new Schema(new Field("id", DataType.Int64, Nullable: false), new Field("name", DataType.String));
        var e = Assert.Throws<StrataInvalidInputException>(() => BatchFiles.ReadAll(path, schema));
        Assert.Contains("nulls.csv", e.Message);
        Assert.Contains("'id'", e.Message);
    }

    [Fact]
    public void ParquetSchema_NamingAMissingColumn_IsInvalidInput()
    {
        var path = PathOf("cols.parquet");
        BatchFiles.WriteParquet(path, [SampleBatches.Vectors(3, 2)]);
        var e = Assert.Throws<StrataInvalidInputException>(() =>
            BatchFiles.ReadAll(path, new Schema(new Field("id", DataType.Int64), new Field("nope", DataType.String))));
        Assert.Contains("cols.parquet", e.Message);
    }

    [Fact]
    public void BadPaths_AreRejectedBeforeReading()
    {
        Assert.Throws<StrataNotFoundException>(() => BatchFiles.ReadParquet(PathOf("missing.parquet")));
        Assert.Throws<StrataInvalidInputException>(() => BatchFiles.ReadCsv(PathOf("*.csv")));
        Assert.Throws<StrataInvalidInputException>(() => BatchFiles.ReadCsv(_dir.FullName));
        Assert.Throws<StrataInvalidInputException>(() => BatchFiles.ReadCsv("a\0b.csv"));
        Assert.Throws<StrataNotFoundException>(() => BatchFiles.WriteCsv(PathOf("no/such/folder/x.csv"), [SampleBatches.Vectors(1, 1)]));
    }

    [Fact]
    public void PathsWithQuotes_AreQuotedSafely()
    {
        var path = PathOf("it's a \"file\"; DROP TABLE x.parquet");
        var batch = SampleBatches.Vectors(5, 2);
        BatchFiles.WriteParquet(path, [batch]);
        Assert.True(File.Exists(path));
        BatchAssert.Equal(batch, BatchFiles.ReadParquet(path, batch.Schema));
    }

    [Fact]
    public void CopyQuery_WritesAQueryResult()
    {
        var path = PathOf("q.csv");
        using var c = EngineHost.Connect();
        FileFormats.CopyTo(c, "SELECT range AS i, range * 2 AS j FROM range(10)", path, FileFormat.Csv);
        var b = BatchFiles.ReadAll(path);
        Assert.Equal(10, b.RowCount);
        Assert.Equal(18L, b[9, "j"]);
    }
}
