using Strata.Vault;

namespace Strata.Tests.Vault;

/// <summary>
/// A no-change re-execute rewrites none of the instance's data (the cost target — at most 2% of the first build at
/// 1,000,000 rows — is a speed figure, measured by bench/ as <c>vault.reexecute</c>, not timed here).
/// </summary>
public sealed class VaultCostTests
{
    private const string Gen = """
        public static class Gen
        {
            public static IEnumerable<long> Ids(int n) { for (long i = 0; i < n; i++) yield return i; }
            public static long Square(long id) => id * id;
        }
        """;

    [Fact]
    public async Task A_no_change_re_execute_writes_no_data_of_the_instance()
    {
        const int rows = 200_000;
        await using var tv = await TempVault.CreateAsync();
        var v = tv.Vault;
        await v.CreateCodeModuleAsync("gen", Gen);
        await v.CreateTableAsync("big");
        await v.CreateInstanceAsync("big", builders: ["sq"]);
        await v.CreateBuilderFileAsync("big", "big_index", text: $"builder_type: IndexBuilder\nchanged_columns: [id]\nprimary_key: [id]\ncode_module: gen\nfunction: Ids\narguments:\n  n: {rows}\nreturn_type: generator\n");
        await v.CreateBuilderFileAsync("big", "sq", text: "builder_type: ColumnBuilder\nchanged_columns: [sq]\ncode_module: gen\nfunction: Square\narguments:\n  id: <<self.id>>\nreturn_type: row-wise\nn_threads: 2\n");
        await v.ExecuteInstanceAsync("big");
        await v.CreateInstanceAsync("big", copy: true);
        var before = Directory.GetFiles(tv.Folder, "*.parquet", SearchOption.AllDirectories).ToHashSet();
        await v.ExecuteInstanceAsync("big");
        var (data, _) = await v.GetDataFrameAsync("big", rows: 3);
        Assert.Equal(4L, data[2, "sq"]);
        var written = Directory.GetFiles(tv.Folder, "*.parquet", SearchOption.AllDirectories).Where(f => !before.Contains(f)).ToList();
        // The first build's data (200,000 ids and squares) is in files of hundreds of KB; the re-execute writes only records
        // of a few KB (process log, metadata), never the instance's rows again.
        var largest = before.Max(f => new FileInfo(f).Length);
        Assert.True(largest > 500_000, $"the first build's largest file has {largest} bytes");
        Assert.All(written, f => Assert.True(new FileInfo(f).Length < largest / 20, $"the re-execute wrote {Path.GetRelativePath(tv.Folder, f)} ({new FileInfo(f).Length} bytes)"));
    }
}
