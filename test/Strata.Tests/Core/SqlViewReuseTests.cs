using Strata.Data;
using Strata.Query;
using Strata.Tests.TestSupport;

namespace Strata.Tests.Core;

/// <summary>
/// Lake.SqlAsync keeps engine connections with views between calls: every call must still see exactly the
/// versions it asks for, never a dropped or renamed table, and nothing a previous statement created.
/// </summary>
public sealed class SqlViewReuseTests
{
    private static RecordBatch Rows(long first, int n) =>
        new(("id", Column.From(Enumerable.Range(0, n).Select(i => first + i).ToArray())));

    private static async Task<long> CountAsync(Lake lake, string sql, IReadOnlyDictionary<string, long>? versions = null) =>
        Convert.ToInt64((await lake.SqlAsync(sql, versions)).Column(0).GetValue(0), System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task RepeatedQueries_SeeEveryNewVersion_AndThePinnedOnes()
    {
        await using var t = await TempLake.CreateAsync();
        var table = await t.Lake.CreateTableAsync("t", Rows(0, 3));
        Assert.Equal(3, await CountAsync(t.Lake, "SELECT count(*) FROM t"));
        await table.AddAsync(Rows(3, 2));
        Assert.Equal(5, await CountAsync(t.Lake, "SELECT count(*) FROM t"));
        Assert.Equal(3, await CountAsync(t.Lake, "SELECT count(*) FROM t", new Dictionary<string, long> { ["t"] = 1 }));
        Assert.Equal(5, await CountAsync(t.Lake, "SELECT count(*) FROM t"));
        await table.DeleteAsync("id = 0");
        Assert.Equal(4, await CountAsync(t.Lake, "SELECT count(*) FROM t"));
        // Another lake object (another process, in effect) commits: the next query sees it.
        await using (var other = await Lake.OpenAsync(t.Folder))
            await (await other.OpenTableAsync("t")).AddAsync(Rows(100, 10));
        Assert.Equal(14, await CountAsync(t.Lake, "SELECT count(*) FROM t"));
    }

    [Fact]
    public async Task DroppedAndRenamedTables_AreNotServedFromEarlierViews()
    {
        await using var t = await TempLake.CreateAsync();
        await t.Lake.CreateTableAsync("a", Rows(0, 3));
        Assert.Equal(3, await CountAsync(t.Lake, "SELECT count(*) FROM a"));
        await t.Lake.RenameTableAsync("a", "c");
        await Assert.ThrowsAsync<StrataQueryException>(() => t.Lake.SqlAsync("SELECT count(*) FROM a"));
        Assert.Equal(3, await CountAsync(t.Lake, "SELECT count(*) FROM c"));
        await t.Lake.DropTableAsync("c");
        await Assert.ThrowsAsync<StrataQueryException>(() => t.Lake.SqlAsync("SELECT count(*) FROM c"));
        await t.Lake.CreateTableAsync("c", Rows(0, 7));
        Assert.Equal(7, await CountAsync(t.Lake, "SELECT count(*) FROM c"));
    }

    [Fact]
    public async Task StatementsThatChangeState_DoNotLeakIntoLaterQueries_AndReadsReuseOneConnection()
    {
        await using var t = await TempLake.CreateAsync();
        await t.Lake.CreateTableAsync("t", Rows(0, 3));
        await t.Lake.SqlAsync("CREATE TABLE scratch AS SELECT 42 AS x");
        await Assert.ThrowsAsync<StrataQueryException>(() => t.Lake.SqlAsync("SELECT * FROM scratch"));
        await t.Lake.SqlAsync("CREATE VIEW t2 AS SELECT 1 AS y");
        await Assert.ThrowsAsync<StrataQueryException>(() => t.Lake.SqlAsync("SELECT * FROM t2"));
        for (var i = 0; i < 10; i++) Assert.Equal(3, await CountAsync(t.Lake, "SELECT count(*) FROM t"));
        // Sequential queries share one view database; the ones closed after a write were detached.
        Assert.Equal(1, await CountAsync(t.Lake, "SELECT count(*) FROM duckdb_databases() WHERE database_name LIKE '__sql_%'"));
    }

    [Fact]
    public async Task ConcurrentQueries_EachSeeTheirVersion_AndIdleConnectionsStayBounded()
    {
        await using var t = await TempLake.CreateAsync();
        var table = await t.Lake.CreateTableAsync("t", Rows(0, 10));
        await table.AddAsync(Rows(10, 10));
        var tasks = Enumerable.Range(0, 24).Select(i => Task.Run(async () =>
        {
            var pinned = i % 2 == 0;
            var n = await CountAsync(t.Lake, "SELECT count(*) FROM t", pinned ? new Dictionary<string, long> { ["t"] = 1 } : null);
            Assert.Equal(pinned ? 10 : 20, n);
        })).ToArray();
        await Task.WhenAll(tasks);
        var open = await CountAsync(t.Lake, "SELECT count(*) FROM duckdb_databases() WHERE database_name LIKE '__sql_%'");
        Assert.InRange(open, 1, SqlViewPool.MaxIdle + 1);
    }

    [Fact]
    public async Task APinnedVersionRemovedByCleanup_IsNotFound_EvenAfterItWasQueried()
    {
        await using var t = await TempLake.CreateAsync();
        var table = await t.Lake.CreateTableAsync("t", Rows(0, 3));
        await table.AddAsync(Rows(3, 3));
        await table.CompactAsync();
        var v1 = new Dictionary<string, long> { ["t"] = 1 };
        Assert.Equal(3, await CountAsync(t.Lake, "SELECT count(*) FROM t", v1));
        var cleanup = await table.CleanupAsync(new CleanupOptions { KeepVersions = 1, OrphanGracePeriod = TimeSpan.Zero });
        Assert.True(cleanup.VersionsRemoved >= 1);
        await Assert.ThrowsAsync<StrataNotFoundException>(() => t.Lake.SqlAsync("SELECT count(*) FROM t", v1));
        Assert.Equal(6, await CountAsync(t.Lake, "SELECT count(*) FROM t"));
    }

    [Fact]
    public async Task ADataFileThatVanishesAfterItsViewWasMade_GivesACorruptDataError_NamingTheFile()
    {
        await using var t = await TempLake.CreateAsync();
        var table = await t.Lake.CreateTableAsync("t", Rows(0, 3));
        Assert.Equal(3, await CountAsync(t.Lake, "SELECT count(*) FROM t WHERE id >= 0"));
        var file = Directory.GetFiles(Path.Combine(t.Folder, "tables", table.Id, "data"), "*.parquet").Single();
        File.Delete(file);
        var e = await Assert.ThrowsAsync<StrataCorruptDataException>(() => t.Lake.SqlAsync("SELECT count(*) FROM t WHERE id >= 0"));
        Assert.Contains(Path.GetFileName(file), e.Path, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SELECT 1", true)]
    [InlineData("  with x AS (SELECT 1) SELECT * FROM x;", true)]
    [InlineData("FROM t", true)]
    [InlineData("(SELECT 1) UNION ALL (SELECT 2)", true)]
    [InlineData("DESCRIBE t", true)]
    [InlineData("SELECT 1; DROP VIEW t", false)]
    [InlineData("CREATE TABLE x AS SELECT 1", false)]
    [InlineData("SET threads = 1", false)]
    [InlineData("SELECTED", false)]
    [InlineData("-- comment\nSELECT 1", false)]
    public void OnlySingleReadStatements_KeepTheirConnection(string sql, bool reusable) =>
        Assert.Equal(reusable, SqlViewPool.IsReadOnlyStatement(sql));
}
