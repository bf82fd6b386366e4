using System.Globalization;

namespace Strata.Benchmarks.Figures;

/// <summary>
/// Figure 2: a full scan (<c>SELECT sum(value) FROM t</c> through <c>Lake.SqlAsync</c>, and the same sum through
/// <c>Table.Query()</c>) and a filtered count (<c>Table.CountRowsAsync</c>) against DuckDB running the same SQL on
/// <c>read_parquet</c> of the table's own files. The baseline's queries run on a plain connection of the lake's own
/// DuckDB instance: two instances with the same settings in one process were measured to differ by up to ~14 %
/// on the same query (see docs/benchmarks.md, "2. scans"), which would otherwise be counted as Strata's overhead.
/// </summary>
internal static class ScanFigure
{
    public const string Filter = "category = 'c7' AND value > 0.5";

    public static async Task<IReadOnlyList<FigureResult>> RunAsync(BenchContext ctx)
    {
        var lake = await ctx.MainLakeAsync();
        var table = await lake.OpenTableAsync("t");
        return
        [
            await SumAsync(ctx, lake, "t", table, "scan.sum", 1.2),
            await QuerySumAsync(ctx, table, "scan.sum_query", 1.2),
            await CountAsync(ctx, table, "scan.filter", 1.2),
        ];
    }

    /// <summary><c>sum(value)</c> through the lake's SQL against the same query over the table's files.</summary>
    public static Task<FigureResult> SumAsync(BenchContext ctx, Lake lake, string tableName, Table table, string figure, double target) =>
        SumAsync(ctx, table, figure, target, "Lake.SqlAsync", async () =>
            Convert.ToDouble((await lake.SqlAsync($"SELECT sum(value) AS s FROM {tableName}")).Column(0).GetValue(0), CultureInfo.InvariantCulture));

    /// <summary><c>sum(value)</c> through the table's query builder (no SQL views attached) against the same query over its files.</summary>
    public static Task<FigureResult> QuerySumAsync(BenchContext ctx, Table table, string figure, double target) =>
        SumAsync(ctx, table, figure, target, "Table.Query", async () =>
            Convert.ToDouble((await table.Query().Select(SumOfValue).ToBatchAsync()).Column(0).GetValue(0), CultureInfo.InvariantCulture));

    private static readonly Dictionary<string, string> SumOfValue = new() { ["s"] = "sum(value)" };

    private static async Task<FigureResult> SumAsync(BenchContext ctx, Table table, string figure, double target, string how, Func<Task<double>> strataSum)
    {
        var files = await LakeFiles.DataFilesAsync(table);
        var baselineSql = $"SELECT sum(value) AS s FROM read_parquet({DuckDbBaseline.FileList(files)})";
        using var duckdb = table.Lake.Engine.Connect();
        var strata = await strataSum();
        var baseline = Convert.ToDouble(duckdb.QueryAll(baselineSql).Column(0).GetValue(0), CultureInfo.InvariantCulture);
        Check(figure, strata, baseline);
        var iterations = Iterations(table.RowCount);
        var (s, b) = await Measure.AlternateAsync(ctx.Options.CheapRuns,
            _ => Measure.MeanAsync(iterations, strataSum),
            _ => Measure.MeanAsync(iterations, () =>
            {
                duckdb.QueryAll(baselineSql);
                return Task.CompletedTask;
            }));
        return FigureResult.Of(figure, s, b, target) with
        {
            Note = $"{how}; {files.Count} file(s), {table.RowCount:N0} rows; mean of {iterations} queries",
            Extra = Extras(files.Count, iterations),
        };
    }

    /// <summary>The filtered count through <c>CountRowsAsync</c> against the same predicate over the table's files.</summary>
    public static async Task<FigureResult> CountAsync(BenchContext ctx, Table table, string figure, double target)
    {
        var files = await LakeFiles.DataFilesAsync(table);
        var baselineSql = $"SELECT count(*) FROM read_parquet({DuckDbBaseline.FileList(files)}) WHERE {Filter}";
        using var duckdb = table.Lake.Engine.Connect();
        var strata = await table.CountRowsAsync(Filter);
        var baseline = Convert.ToInt64(duckdb.QueryScalar(baselineSql), CultureInfo.InvariantCulture);
        Check(figure, strata, baseline);
        var iterations = Iterations(table.RowCount);
        var (s, b) = await Measure.AlternateAsync(ctx.Options.CheapRuns,
            _ => Measure.MeanAsync(iterations, () => table.CountRowsAsync(Filter)),
            _ => Measure.MeanAsync(iterations, () =>
            {
                duckdb.QueryScalar(baselineSql);
                return Task.CompletedTask;
            }));
        return FigureResult.Of(figure, s, b, target) with
        {
            Note = $"{strata:N0} of {table.RowCount:N0} rows match; mean of {iterations} queries",
            Extra = Extras(files.Count, iterations),
        };
    }

    private static Dictionary<string, double> Extras(int files, int iterations) => new()
    {
        ["files"] = files,
        ["iterations"] = iterations,
    };

    /// <summary>Enough queries per timed run to last a while at small sizes, few at the full size.</summary>
    private static int Iterations(long rows) => rows >= 500_000 ? 20 : rows >= 50_000 ? 30 : 100;

    private static void Check(string figure, double strata, double baseline)
    {
        if (Math.Abs(strata - baseline) > 1e-6 * Math.Max(1, Math.Abs(baseline)))
            throw new InvalidOperationException($"{figure}: Strata answered {strata}, DuckDB {baseline}.");
    }
}
