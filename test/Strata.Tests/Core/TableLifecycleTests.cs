using Strata.Data;
using Strata.Tests.TestSupport;

namespace Strata.Tests.Core;

public sealed class TableLifecycleTests
{
    private static RecordBatch People(long startId, int n)
    {
        var ids = new long[n];
        var names = new string?[n];
        var scores = new double[n];
        for (var i = 0; i < n; i++)
        {
            ids[i] = startId + i;
            names[i] = $"person-{startId + i}";
            scores[i] = (startId + i) * 1.5;
        }
        return new RecordBatch(("id", Column.From(ids)), ("name", Column.From(names)), ("score", Column.From(scores)));
    }

    [Fact]
    public async Task Create_Append_Read_Count_TimeTravel()
    {
        await using var t = await TempLake.CreateAsync();
        var table = await t.Lake.CreateTableAsync("people", People(0, 10));
        Assert.Equal(1, table.Version);
        Assert.Equal(10, table.RowCount);
        var v2 = await table.AddAsync(People(10, 5));
        Assert.Equal(2, v2.Version);
        Assert.Equal(15, await table.CountRowsAsync());
        Assert.Equal(5, await table.CountRowsAsync("id >= 10"));

        var all = await table.ToBatchAsync();
        Assert.Equal(15, all.RowCount);
        Assert.Equal(Enumerable.Range(0, 15).Select(i => (long)i), all.Rows().Select(r => (long)r["id"]!).Order());

        var old = await t.Lake.OpenTableAsync("people", version: 1);
        Assert.True(old.IsReadOnly);
        Assert.Equal(10, await old.CountRowsAsync());
        await Assert.ThrowsAsync<StrataReadOnlyException>(() => old.AddAsync(People(100, 1)));

        var versions = await table.ListVersionsAsync();
        Assert.Equal(["create", "append"], versions.Select(v => v.Operation));
        Assert.All(versions, v => Assert.Equal("tests", v.Author));
    }

    [Fact]
    public async Task RowIds_OfManyAppendedFragments_ReadInOneScan_MatchEachFragmentsNumbering()
    {
        await using var t = await TempLake.CreateAsync();
        var table = await t.Lake.CreateTableAsync("people", People(0, 10));
        for (var i = 1; i < 6; i++) await table.AddAsync(People(i * 10, 10));
        Assert.Equal(1, await table.DeleteAsync("id = 42")); // one fragment with deletions: read on its own
        var snap = await table.Store.ReadLatestAsync(default);
        var sql = await Strata.Tables.ScanPlanner.BuildAsync(t.Lake.Storage, snap, null, withRowId: true, default);
        // The five fragments without deletions share one read_parquet; the one with a deletion gets its own.
        var grouped = sql.Split("read_parquet([");
        Assert.Equal(2, grouped.Length);
        Assert.Equal(5, grouped[1][..grouped[1].IndexOf(']', StringComparison.Ordinal)].Split(',').Length);

        var rows = (await table.Query().WithRowId().ToBatchAsync()).Rows().ToList();
        Assert.Equal(59, rows.Count);
        Assert.Equal(59, rows.Select(r => r["_rowid"]).Distinct().Count());
        // Rows were appended in id order, so each row's id is its row id (fragments number rows from their first id).
        var starts = snap.Manifest.Fragments.Select(f => f.RowIdStart).ToList();
        Assert.All(starts, s => Assert.NotNull(s));
        foreach (var r in rows) Assert.Equal((long)r["id"]!, (long)r["_rowid"]!);
        var found = await table.Query().Where("_rowid BETWEEN 38 AND 44").WithRowId().ToBatchAsync();
        Assert.Equal([38L, 39, 40, 41, 43, 44], found.Rows().Select(r => (long)r["id"]!).Order());
    }

    [Fact]
    public async Task Delete_Update_Merge_KeepRowIds()
    {
        await using var t = await TempLake.CreateAsync();
        var table = await t.Lake.CreateTableAsync("people", People(0, 10));
        var before = await table.Query().WithRowId().ToBatchAsync();
        var idToRow = before.Rows().ToDictionary(r => (long)r["id"]!, r => (long)r["_rowid"]!);

        Assert.Equal(3, await table.DeleteAsync("id < 3"));
        Assert.Equal(7, await table.CountRowsAsync());
        Assert.Equal(2, await table.UpdateAsync("id IN (5, 6)", new Dictionary<string, string> { ["score"] = "score * 100" }));
        var updated = await table.Query().Where("id = 5").WithRowId().ToBatchAsync();
        Assert.Equal(750.0, updated[0, "score"]);
        Assert.Equal(idToRow[5], updated[0, "_rowid"]);

        var merge = await table.MergeInsertAsync(["id"], People(8, 4));
        Assert.Equal(2, merge.Updated); // ids 8, 9
        Assert.Equal(2, merge.Inserted); // ids 10, 11
        Assert.Equal(9, await table.CountRowsAsync());
        var after = await table.Query().WithRowId().ToBatchAsync();
        foreach (var r in after.Rows())
        {
            var id = (long)r["id"]!;
            if (idToRow.TryGetValue(id, out var rowId)) Assert.Equal(rowId, r["_rowid"]);
        }
        Assert.Equal(after.RowCount, after.Rows().Select(r => r["_rowid"]).Distinct().Count());
    }

    [Fact]
    public async Task AddColumns_Sql_And_Null_Then_Drop_Rename()
    {
        await using var t = await TempLake.CreateAsync();
        var table = await t.Lake.CreateTableAsync("people", People(0, 10));
        await table.AddAsync(People(10, 10));
        var dataFilesBefore = Directory.GetFiles(Path.Combine(t.Folder, "tables"), "*.parquet", SearchOption.AllDirectories)
            .ToDictionary(f => f, File.ReadAllBytes);
        await table.AddColumnsAsync(new Dictionary<string, string> { ["double_score"] = "score * 2" });
        await table.AddColumnsAsync([new Field("label", DataType.String)]);
        // Existing files untouched.
        foreach (var (f, bytes) in dataFilesBefore) Assert.Equal(bytes, File.ReadAllBytes(f));
        var rows = await table.Query().Where("id = 7").ToBatchAsync();
        Assert.Equal(21.0, rows[0, "double_score"]);
        Assert.Null(rows[0, "label"]);
        // Appended rows get the SQL column computed.
        await table.AddAsync(People(20, 1));
        Assert.Equal(60.0, (await table.Query().Where("id = 20").ToBatchAsync())[0, "double_score"]);

        // Updates and merges recompute SQL columns from the new values.
        await table.UpdateAsync("id = 7", new Dictionary<string, string> { ["score"] = "100" });
        Assert.Equal(200.0, (await table.Query().Where("id = 7").ToBatchAsync())[0, "double_score"]);
        await table.MergeInsertAsync(["id"], new RecordBatch(("id", Column.From(new long[] { 7 })), ("score", Column.From(new double[] { 10.5 }))));
        Assert.Equal(21.0, (await table.Query().Where("id = 7").ToBatchAsync())[0, "double_score"]);

        await table.RenameColumnAsync("double_score", "twice");
        await table.DropColumnsAsync("label");
        Assert.Equal(["id", "name", "score", "twice"], table.Schema.Fields.Select(f => f.Name));
        Assert.Equal(21.0, (await table.Query().Where("id = 7").Select("twice").ToBatchAsync())[0, "twice"]);
    }

    [Fact]
    public async Task Compact_Restore_Tags_Cleanup()
    {
        await using var t = await TempLake.CreateAsync();
        var table = await t.Lake.CreateTableAsync("people", People(0, 5));
        for (var i = 1; i < 6; i++) await table.AddAsync(People(i * 5, 5));
        await table.DeleteAsync("id % 7 = 0");
        var expected = (await table.Query().WithRowId().ToBatchAsync()).Rows()
            .ToDictionary(r => (long)r["_rowid"]!, r => (long)r["id"]!);
        var result = await table.CompactAsync();
        Assert.True(result.FragmentsRemoved > 1);
        Assert.Equal(1, table.FragmentCount);
        var compacted = (await table.Query().WithRowId().ToBatchAsync()).Rows()
            .ToDictionary(r => (long)r["_rowid"]!, r => (long)r["id"]!);
        Assert.Equal(expected, compacted);

        await table.CreateTagAsync("compacted");
        await table.RestoreAsync(1);
        Assert.Equal(5, await table.CountRowsAsync());
        var tagged = await table.CheckoutTagAsync("compacted");
        Assert.Equal(expected.Count, await tagged.CountRowsAsync());

        var cleanup = await table.CleanupAsync(new CleanupOptions { KeepVersions = 1, OrphanGracePeriod = TimeSpan.Zero });
        Assert.True(cleanup.VersionsRemoved > 0);
        Assert.True(cleanup.FilesRemoved > 0);
        Assert.Equal(5, await table.CountRowsAsync());
        Assert.Equal(expected.Count, await (await table.CheckoutTagAsync("compacted")).CountRowsAsync());
    }

    [Fact]
    public async Task Catalog_List_Rename_Drop_Namespaces_Sql()
    {
        await using var t = await TempLake.CreateAsync();
        await t.Lake.CreateTableAsync("a", People(0, 3));
        await t.Lake.CreateTableAsync("b", People(0, 2));
        await t.Lake.CreateNamespaceAsync("ws");
        await t.Lake.CreateTableAsync("ws.c", People(0, 1));
        var page1 = await t.Lake.ListTablesAsync(limit: 2);
        Assert.Equal(["a", "b"], page1.Names);
        var page2 = await t.Lake.ListTablesAsync(page1.NextPageToken, 2);
        Assert.Equal(["ws.c"], page2.Names);
        Assert.Null(page2.NextPageToken);

        var joined = await t.Lake.SqlAsync("SELECT count(*) AS n FROM a JOIN b USING (id) JOIN ws.c USING (id)");
        Assert.Equal(1L, Convert.ToInt64(joined[0, "n"]));

        await t.Lake.RenameTableAsync("a", "a2");
        Assert.False(await t.Lake.TableExistsAsync("a"));
        Assert.Equal(3, (await t.Lake.OpenTableAsync("a2")).RowCount);
        await t.Lake.DropTableAsync("b");
        await Assert.ThrowsAsync<StrataNotFoundException>(() => t.Lake.OpenTableAsync("b"));
        await Assert.ThrowsAsync<StrataAlreadyExistsException>(() => t.Lake.CreateTableAsync("a2", People(0, 1)));
        var same = await t.Lake.CreateTableAsync("a2", People(0, 1), new CreateTableOptions { ExistOk = true });
        Assert.Equal(3, same.RowCount);
        var over = await t.Lake.CreateTableAsync("a2", People(0, 1), new CreateTableOptions { Mode = CreateMode.Overwrite });
        Assert.Equal(1, over.RowCount);
        Assert.Equal(2, over.Version);
    }
}
