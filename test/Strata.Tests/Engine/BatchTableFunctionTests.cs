using Strata.Data;
using Strata.Engine;
using Strata.Tests.TestSupport;

namespace Strata.Tests.Engine;

/// <summary>Batches read through the <c>__strata_batches</c> table function (the ingest path into COPY) come back value-equal and in order.</summary>
public sealed class BatchTableFunctionTests
{
    private static DuckDbDatabase OpenWithFunction()
    {
        var db = DuckDbDatabase.OpenInMemory();
        using var c = db.Connect();
        BatchTableFunction.Register(c);
        return db;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2048)]
    [InlineData(5000)]
    public void AllTypes_ReadThroughTheFunction_AreValueEqual(int rows)
    {
        using var db = OpenWithFunction();
        using var c = db.Connect();
        var batch = SampleBatches.AllTypes(rows);
        using var source = BatchTableFunction.Open([batch]);
        BatchAssert.Equal(batch, c.QueryAll($"SELECT * FROM {source.Sql}"));
    }

    [Fact]
    public void SeveralBatches_KeepTheirOrder_AndEmptyBatchesAreSkipped()
    {
        using var db = OpenWithFunction();
        using var c = db.Connect();
        var all = SampleBatches.AllTypes(7000);
        RecordBatch[] parts = [all.Slice(0, 3000), all.Slice(3000, 0), all.Slice(3000, 1), all.Slice(3001, 3999)];
        using var source = BatchTableFunction.Open(parts);
        BatchAssert.Equal(all, c.QueryAll($"SELECT * FROM {source.Sql}"));
    }

    [Fact]
    public void CopyToParquet_FromTheFunction_WritesEveryRow()
    {
        using var db = OpenWithFunction();
        using var c = db.Connect();
        var folder = TempLake.NewFolder();
        Directory.CreateDirectory(folder);
        try
        {
            var batch = SampleBatches.Vectors(3000, 64);
            var file = Path.Combine(folder, "f.parquet");
            using (var source = BatchTableFunction.Open([batch, batch]))
                Assert.Equal(6000, c.ExecuteNonQuery($"COPY (SELECT * FROM {source.Sql}) TO '{file}' (FORMAT parquet)"));
            var back = c.QueryAll($"SELECT * FROM read_parquet('{file}')");
            Assert.Equal(6000, back.RowCount);
            BatchAssert.ColumnEqual(batch.Columns[0], back.Slice(3000, 3000).Columns[0]);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void ASourceThatWasReleased_FailsTheQuery_WithAQueryError()
    {
        using var db = OpenWithFunction();
        using var c = db.Connect();
        var source = BatchTableFunction.Open([SampleBatches.AllTypes(3)]);
        source.Dispose();
        var e = Assert.Throws<StrataQueryException>(() => c.QueryAll($"SELECT * FROM {source.Sql}"));
        Assert.Contains("no batches are registered", e.Message, StringComparison.Ordinal);
    }
}
