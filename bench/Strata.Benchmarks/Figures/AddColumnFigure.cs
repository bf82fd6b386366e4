namespace Strata.Benchmarks.Figures;

/// <summary>
/// Figure 3: adding a SQL column (<c>AddColumnsAsync({"v2": "value * 2"})</c>, which writes one new column file
/// per fragment) against rewriting the whole table with that column
/// (<c>COPY (SELECT *, value * 2 AS v2 FROM read_parquet(files)) TO …</c>).
/// </summary>
internal static class AddColumnFigure
{
    private static readonly Dictionary<string, string> V2 = new() { ["v2"] = "value * 2" };

    public static async Task<IReadOnlyList<FigureResult>> RunAsync(BenchContext ctx)
    {
        var lake = await ctx.MainLakeAsync();
        var outDir = ctx.NewFolder("add-column");

        // Warm-up on a one-batch table.
        var warm = await lake.CreateTableAsync("warm_add", [ctx.Workload.Batches[0]], Workload.Schema);
        var warmFiles = await LakeFiles.DataFilesAsync(warm);
        await warm.AddColumnsAsync(V2);
        Rewrite(ctx, warmFiles, Path.Combine(outDir, "warm.parquet"));
        await lake.DropTableAsync("warm_add");

        var table = await lake.OpenTableAsync("t");
        var before = table.Version;
        var files = await LakeFiles.DataFilesAsync(table);
        long written = 0, rewritten = 0;
        var (s, b) = await Measure.AlternateAsync(ctx.Options.Runs,
            async _ =>
            {
                var ms = await Measure.TimeAsync(() => table.AddColumnsAsync(V2));
                if (!table.Schema.Contains("v2")) throw new InvalidOperationException("v2 was not added.");
                written = LakeFiles.Size(await LakeFiles.DataFilesAsync(table)) - LakeFiles.Size(files);
                await table.RestoreAsync(before); // the next run adds v2 to the same content again
                return ms;
            },
            run =>
            {
                var path = Path.Combine(outDir, $"rewrite{run}.parquet");
                var ms = Measure.Time(() => Rewrite(ctx, files, path));
                rewritten = new FileInfo(path).Length;
                File.Delete(path);
                return Task.FromResult(ms);
            });
        return
        [
            FigureResult.Of("add_column", s, b, 0.1) with
            {
                Note = $"Strata writes {IngestFigure.Mb(written)} (v2 only); the rewrite writes {IngestFigure.Mb(rewritten)}",
                Extra = new Dictionary<string, double>
                {
                    ["strata_bytes"] = written,
                    ["baseline_bytes"] = rewritten,
                },
            },
        ];
    }

    private static void Rewrite(BenchContext ctx, IReadOnlyList<string> files, string path) =>
        ctx.Baseline.Execute(
            $"COPY (SELECT *, value * 2 AS v2 FROM read_parquet({DuckDbBaseline.FileList(files)})) TO {Data.SqlNames.Literal(path)} {DuckDbBaseline.CopyOptions}");
}
