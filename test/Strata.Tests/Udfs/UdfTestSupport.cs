using System.Globalization;
using Strata.Data;
using Strata.Tests.TestSupport;

namespace Strata.Tests.Udfs;

/// <summary>Data and readers shared by the UDF / backfill tests.</summary>
internal static class UdfTestSupport
{
    /// <summary>A lake whose tables split into fragments of <paramref name="rowsPerFragment"/> rows.</summary>
    public static Task<TempLake> LakeAsync(int rowsPerFragment = 100) =>
        TempLake.CreateAsync(new LakeOptions { Author = "tests", MaxRowsPerFragment = rowsPerFragment, EngineThreads = 2, WriteParallelism = 2 });

    /// <summary>
    /// Rows with ids <paramref name="start"/>.. : <c>id</c> long, <c>text</c> string (null when id % 10 == 9),
    /// <c>title</c> string, <c>value</c> double (null when id % 7 == 6), <c>n</c> int.
    /// </summary>
    public static RecordBatch Rows(long start, int count)
    {
        var ids = new long[count];
        var texts = new string?[count];
        var titles = new string?[count];
        var values = new double[count];
        var valid = new bool[count];
        var ns = new int[count];
        for (var i = 0; i < count; i++)
        {
            var id = start + i;
            ids[i] = id;
            texts[i] = id % 10 == 9 ? null : Text(id);
            titles[i] = Title(id);
            values[i] = id * 0.5;
            valid[i] = id % 7 != 6;
            ns[i] = (int)(id % 13);
        }
        return new RecordBatch(("id", Column.From(ids)), ("text", Column.From(texts)), ("title", Column.From(titles)),
            ("value", Column.From(values, valid)), ("n", Column.From(ns)));
    }

    public static string Text(long id) => string.Join(' ', Enumerable.Repeat("w" + (id % 5).ToString(CultureInfo.InvariantCulture), (int)(id % 6) + 1));

    public static string Title(long id) => "title-" + id.ToString(CultureInfo.InvariantCulture);

    public static bool HasText(long id) => id % 10 != 9;

    public static bool HasValue(long id) => id % 7 != 6;

    /// <summary>Every row's values of <paramref name="columns"/>, by id.</summary>
    public static async Task<Dictionary<long, object?[]>> ByIdAsync(Table table, params string[] columns)
    {
        await table.RefreshAsync();
        var batch = await table.Query().Select(["id", .. columns]).ToBatchAsync();
        var result = new Dictionary<long, object?[]>();
        for (var r = 0; r < batch.RowCount; r++)
        {
            var id = (long)batch[r, "id"]!;
            Assert.False(result.ContainsKey(id), $"id {id} appears twice");
            result[id] = columns.Select(c => batch[r, c]).ToArray();
        }
        return result;
    }

    /// <summary>Every row's value of one column, by id.</summary>
    public static async Task<Dictionary<long, object?>> ColumnAsync(Table table, string column) =>
        (await ByIdAsync(table, column)).ToDictionary(kv => kv.Key, kv => kv.Value[0]);

    /// <summary>The row id of each id.</summary>
    public static async Task<Dictionary<long, long>> RowIdsAsync(Table table)
    {
        await table.RefreshAsync();
        var batch = await table.Query().Select("id").WithRowId().ToBatchAsync();
        var result = new Dictionary<long, long>();
        for (var r = 0; r < batch.RowCount; r++) result[(long)batch[r, "id"]!] = Convert.ToInt64(batch[r, "_rowid"], CultureInfo.InvariantCulture);
        return result;
    }

    /// <summary>A job's statuses in the order they were saved (from <c>__system.jobs</c>).</summary>
    public static async Task<List<string>> StatusHistoryAsync(Lake lake, string jobId)
    {
        var rows = await lake.SqlAsync($"SELECT status FROM __system.jobs WHERE job_id = '{jobId}' ORDER BY seq");
        return Enumerable.Range(0, rows.RowCount).Select(r => (string)rows[r, "status"]!).ToList();
    }

    /// <summary>Copies a lake's folder (without scratch files) to a new temporary folder.</summary>
    public static string CopyLake(string folder)
    {
        var target = TempLake.NewFolder();
        foreach (var f in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
        {
            var rel = Path.GetRelativePath(folder, f);
            if (rel.StartsWith("_scratch", StringComparison.Ordinal)) continue;
            var to = Path.Combine(target, rel);
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(f, to);
        }
        return target;
    }

    public static void DeleteFolder(string folder)
    {
        try { Directory.Delete(folder, recursive: true); }
        catch (IOException) { }
    }

    /// <summary>Milliseconds between consecutive timestamps (<see cref="System.Diagnostics.Stopwatch.GetTimestamp"/>).</summary>
    public static double[] GapsMs(IReadOnlyList<long> stamps) =>
        Enumerable.Range(1, stamps.Count - 1)
            .Select(i => System.Diagnostics.Stopwatch.GetElapsedTime(stamps[i - 1], stamps[i]).TotalMilliseconds).ToArray();
}
