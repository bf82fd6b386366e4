using System.Globalization;

namespace Strata.Benchmarks.Figures;

/// <summary>
/// Figure 1: creating a table from the generated batches (<c>CreateTableAsync(name, batches, schema)</c>)
/// against DuckDB loading the same batches through its appender and COPYing them to one Parquet file.
/// </summary>
internal static class IngestFigure
{
    public static async Task<IReadOnlyList<FigureResult>> RunAsync(BenchContext ctx)
    {
        var w = ctx.Workload;
        var folder = ctx.NewFolder("ingest");
        var outDir = Path.Combine(folder, "duckdb");
        Directory.CreateDirectory(outDir);
        await using var lake = await Lake.CreateAsync(Path.Combine(folder, "lake"));

        // Warm-up on one batch: JIT, both engines' first COPY.
        await lake.CreateTableAsync("warm", [w.Batches[0]], Workload.Schema);
        ctx.Baseline.WriteParquet([w.Batches[0]], Workload.Schema, Path.Combine(outDir, "warm.parquet"));

        long strataBytes = 0, baselineBytes = 0;
        int fragments = 0;
        var appendMs = new List<double>();
        var copyMs = new List<double>();
        var (s, b) = await Measure.AlternateAsync(ctx.Options.Runs,
            async run =>
            {
                var name = "t" + run.ToString(CultureInfo.InvariantCulture);
                Table? table = null;
                var ms = await Measure.TimeAsync(async () => table = await lake.CreateTableAsync(name, w.Batches, Workload.Schema));
                if (table!.RowCount != w.Rows) throw new InvalidOperationException($"Strata wrote {table.RowCount} rows, not {w.Rows}.");
                strataBytes = LakeFiles.Size(await LakeFiles.DataFilesAsync(table));
                fragments = table.FragmentCount;
                await lake.DropTableAsync(name);
                return ms;
            },
            run =>
            {
                var path = Path.Combine(outDir, $"t{run}.parquet");
                var ms = Measure.Time(() =>
                {
                    var (rows, append, copy) = ctx.Baseline.WriteParquet(w.Batches, Workload.Schema, path);
                    if (rows != w.Rows) throw new InvalidOperationException($"DuckDB wrote {rows} rows, not {w.Rows}.");
                    appendMs.Add(append);
                    copyMs.Add(copy);
                });
                baselineBytes = new FileInfo(path).Length;
                File.Delete(path);
                return Task.FromResult(ms);
            });

        return
        [
            FigureResult.Of("ingest", s, b, 0.8) with
            {
                Note = $"{w.Rows:N0} rows, {fragments} fragment(s), {Mb(strataBytes)} vs {Mb(baselineBytes)}; "
                    + $"DuckDB: append {new Samples(appendMs).Min:0} ms + COPY {new Samples(copyMs).Min:0} ms",
                Extra = new Dictionary<string, double>
                {
                    ["baseline_append_ms"] = new Samples(appendMs).Min,
                    ["baseline_copy_ms"] = new Samples(copyMs).Min,
                    ["strata_bytes"] = strataBytes,
                    ["baseline_bytes"] = baselineBytes,
                    ["rows"] = w.Rows,
                },
            },
        ];
    }

    /// <summary>A size as text: KB below 1 MB, MB above.</summary>
    internal static string Mb(long bytes) => bytes < 1048576
        ? (bytes / 1024.0).ToString("0.0", CultureInfo.InvariantCulture) + " KB"
        : (bytes / 1048576.0).ToString(bytes < 10 * 1048576 ? "0.0" : "0", CultureInfo.InvariantCulture) + " MB";
}
