using System.Diagnostics;
using Strata.Data;
using Strata.Engine;
using Strata.Tests.TestSupport;
using Xunit.Abstractions;

namespace Strata.Tests.Engine;

/// <summary>Volume: a million embedding vectors through the appender and back.</summary>
[Collection(HeavyEngineTests.Name)]
public sealed class LargeDataTests(ITestOutputHelper output)
{
    [Fact]
    public void MillionRowsOfFloat64Vectors_AppendAndReadFast()
    {
        using var db = DuckDbDatabase.OpenInMemory();
        using var c = db.Connect();
        var batch = SampleBatches.Vectors(1_000_000, 64);
        c.CreateTable("t", batch.Schema);
        var sw = Stopwatch.StartNew();
        c.Append("t", batch);
        var append = sw.Elapsed;
        sw.Restart();
        var back = c.QueryAll("SELECT * FROM t");
        var read = sw.Elapsed;
        output.WriteLine($"append 1M x float[64]: {append.TotalMilliseconds:F0} ms; read back: {read.TotalMilliseconds:F0} ms");
        Assert.Equal(1_000_000, back.RowCount);
        var expected = (FixedSizeListColumn)batch.Column("v");
        var actual = (FixedSizeListColumn)back.Column("v");
        Assert.True(((PrimitiveColumn<float>)expected.Values).Values.SequenceEqual(((PrimitiveColumn<float>)actual.Values).Values));
        Assert.True(append < TimeSpan.FromSeconds(20), $"appending took {append}");
    }

    [Fact]
    public void FailedLargeAppend_LeavesTheTableUnchanged()
    {
        using var db = DuckDbDatabase.OpenInMemory();
        using var c = db.Connect();
        c.Execute("CREATE TABLE t (a BIGINT NOT NULL)");
        c.Append("t", new RecordBatch(("a", Column.From(new long[] { 7 }))));
        const int n = 1_000_000;
        var valid = Enumerable.Repeat(true, n).ToArray();
        valid[900_000] = false; // after the appender has already written earlier portions
        Assert.Throws<StrataQueryException>(() => c.Append("t", new RecordBatch(("a", Column.From(new long[n], valid)))));
        Assert.Equal(1L, Convert.ToInt64(c.QueryScalar("SELECT count(*) FROM t")));

        // Inside the caller's transaction the rollback is the caller's.
        c.Execute("BEGIN TRANSACTION");
        c.Append("t", new RecordBatch(("a", Column.From(new long[] { 8, 9 }))));
        c.Execute("ROLLBACK");
        Assert.Equal(1L, Convert.ToInt64(c.QueryScalar("SELECT count(*) FROM t")));
    }
}
