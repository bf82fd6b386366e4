using Strata.Engine;

namespace Strata.Tests.Engine;

/// <summary>DuckDB errors surface as Strata exceptions with DuckDB's readable message.</summary>
public sealed class ErrorTests : IDisposable
{
    private readonly DuckDbDatabase _db = DuckDbDatabase.OpenInMemory();
    private readonly DuckDbConnection _c;

    public ErrorTests() => _c = _db.Connect();

    public void Dispose()
    {
        _c.Dispose();
        _db.Dispose();
    }

    [Theory]
    [InlineData("SELEC 1", "Parser")]
    [InlineData("SELECT * FROM no_such_table", "Catalog")]
    [InlineData("SELECT no_such_column FROM range(3)", "Binder")]
    [InlineData("SELECT 'abc'::INTEGER", "Conversion")]
    public void SqlErrors_AreQueryExceptions_WithDuckDbsMessage(string sql, string kind)
    {
        foreach (var run in new Action[] { () => _c.Execute(sql), () => _c.QueryAll(sql), () => _c.Query(sql).ToList(), () => _c.ExecuteNonQuery(sql, 1) })
        {
            var e = Assert.ThrowsAny<StrataException>(run);
            if (e is StrataInvalidInputException) continue; // ExecuteNonQuery with a parameter the statement does not take
            Assert.IsType<StrataQueryException>(e);
            Assert.StartsWith($"{kind} Error: ", e.Message);
            Assert.Equal(kind, DuckDbErrors.Kind(e));
            Assert.Equal(e.Message.Trim(), e.Message);
        }
    }

    [Fact]
    public void ErrorWhileStreaming_IsAQueryException()
    {
        // The cast fails only when the bad row is reached, after earlier chunks were returned.
        var sql = "SELECT CASE WHEN i = 150000 THEN 'x' ELSE i::VARCHAR END::INTEGER AS v FROM range(200000) t(i)";
        var rows = 0;
        var e = Assert.Throws<StrataQueryException>(() =>
        {
            foreach (var b in _c.Query(sql)) rows += b.RowCount;
        });
        Assert.Contains("Conversion Error", e.Message);
        Assert.Equal(1, Convert.ToInt32(_c.QueryScalar("SELECT 1")));
    }

    [Fact]
    public void ConstraintViolation_IsAQueryException()
    {
        _c.Execute("CREATE TABLE t (id INTEGER PRIMARY KEY)");
        _c.Execute("INSERT INTO t VALUES (1)");
        var e = Assert.Throws<StrataQueryException>(() => _c.Execute("INSERT INTO t VALUES (1)"));
        Assert.Contains("Constraint Error", e.Message);
    }

    [Fact]
    public void NulInSql_IsInvalidInput()
    {
        Assert.Throws<StrataInvalidInputException>(() => _c.Execute("SELECT 1\0; DROP TABLE x"));
    }

    [Fact]
    public void BadDatabaseOption_IsInvalidInput()
    {
        var e = Assert.Throws<StrataInvalidInputException>(() =>
            DuckDbDatabase.OpenInMemory(new DuckDbOptions { Settings = new Dictionary<string, string> { ["no_such_option"] = "1" } }));
        Assert.Contains("no_such_option", e.Message);
        Assert.Throws<StrataInvalidInputException>(() => DuckDbDatabase.OpenInMemory(new DuckDbOptions { Threads = 0 }));
    }

    [Fact]
    public void UnopenableDatabaseFile_IsAQueryException()
    {
        var dir = Directory.CreateTempSubdirectory("strata-duck");
        try
        {
            var e = Assert.Throws<StrataQueryException>(() => DuckDbDatabase.Open(Path.Combine(dir.FullName, "missing", "db.duckdb")));
            Assert.False(string.IsNullOrWhiteSpace(e.Message));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void DatabaseFile_PersistsBetweenOpens_WithOptions()
    {
        var dir = Directory.CreateTempSubdirectory("strata-duck");
        try
        {
            var path = Path.Combine(dir.FullName, "db.duckdb");
            var options = new DuckDbOptions { Threads = 1, MemoryLimit = "256MiB", TempDirectory = dir.FullName, PreserveInsertionOrder = false };
            using (var db = DuckDbDatabase.Open(path, options))
            using (var c = db.Connect())
            {
                c.Execute("CREATE TABLE t AS SELECT 42 AS x");
                Assert.Equal("256.0 MiB", c.QueryScalar("SELECT current_setting('memory_limit')"));
                Assert.Equal(1L, c.QueryScalar("SELECT current_setting('threads')"));
            }
            using (var db = DuckDbDatabase.Open(path))
            using (var c = db.Connect())
                Assert.Equal(42, c.QueryScalar("SELECT x FROM t"));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void DisposedConnection_Throws()
    {
        var c = _db.Connect();
        c.Dispose();
        Assert.Throws<ObjectDisposedException>(() => c.Execute("SELECT 1"));
        c.Interrupt(); // harmless
    }

    [Fact]
    public void CancellingTheToken_InterruptsALongQuery()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var started = DateTime.UtcNow;
        Assert.ThrowsAny<OperationCanceledException>(() =>
            _c.Query("SELECT sum(i * i) FROM range(100000000000) t(i)", null, cts.Token).ToList());
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(30));
        Assert.Equal(7, Convert.ToInt32(_c.QueryScalar("SELECT 7")));
    }

    [Fact]
    public void Interrupt_WithNothingRunning_DoesNotAffectTheNextQuery()
    {
        _c.Interrupt();
        Assert.Equal(9, Convert.ToInt32(_c.QueryScalar("SELECT 9")));
    }

    [Fact]
    public void Interrupt_FromAnotherThread_StopsTheQuery()
    {
        using var timer = new Timer(_ => _c.Interrupt(), null, 300, Timeout.Infinite);
        var e = Assert.Throws<StrataQueryException>(() => _c.QueryAll("SELECT sum(i * i) FROM range(100000000000) t(i)"));
        Assert.Contains("nterrupt", e.Message);
        Assert.Equal(8, Convert.ToInt32(_c.QueryScalar("SELECT 8")));
    }
}
