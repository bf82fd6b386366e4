using System.Diagnostics;

namespace Strata.Benchmarks.Figures;

/// <summary>
/// Figure 5: opening version 1 of a table with many versions (<c>OpenTableAsync(name, 1)</c>) against opening
/// its latest version (<c>OpenTableAsync(name)</c>). The versions are made by tiny appends (one row each),
/// once; 1,000 at the full N, fewer (at least 100) for smaller runs.
/// </summary>
internal static class TimeTravelFigure
{
    public static async Task<IReadOnlyList<FigureResult>> RunAsync(BenchContext ctx)
    {
        var versions = ctx.Options.Versions;
        var w = ctx.Workload;
        var folder = ctx.NewFolder("time-travel");
        await using var lake = await Lake.CreateAsync(folder);

        ctx.Log.WriteLine($"  building {versions:N0} versions …");
        var build = Stopwatch.StartNew();
        var table = await lake.CreateTableAsync("tt", [w.Slice(0, 10)], Workload.Schema);
        var rows = Enumerable.Range(0, versions - 1).Select(i => w.Slice(10 + i, 1)).ToArray();
        foreach (var row in rows) await table.AddAsync(row);
        var buildMs = build.Elapsed.TotalMilliseconds;
        if (table.Version != versions) throw new InvalidOperationException($"the table is at version {table.Version}, not {versions}.");

        var v1Bytes = new FileInfo(await lake.Storage.GetLocalPathAsync(table.Store.Log.PathOf(1))).Length;
        var latestBytes = new FileInfo(await lake.Storage.GetLocalPathAsync(table.Store.Log.PathOf(versions))).Length;

        for (var i = 0; i < 5; i++)
        {
            await lake.OpenTableAsync("tt", 1);
            await lake.OpenTableAsync("tt");
        }
        const int iterations = 50;
        var (s, b) = await Measure.AlternateAsync(ctx.Options.CheapRuns,
            _ => Measure.MeanAsync(iterations, () => lake.OpenTableAsync("tt", 1)),
            _ => Measure.MeanAsync(iterations, () => lake.OpenTableAsync("tt")));
        var old = await lake.OpenTableAsync("tt", 1);
        if (old.Version != 1 || old.RowCount != 10) throw new InvalidOperationException("version 1 did not open as written.");
        return
        [
            FigureResult.Of("time_travel.open_v1", s, b, 2) with
            {
                Note = $"baseline = open latest (v{versions:N0}); manifests {IngestFigure.Mb(v1Bytes)} vs {IngestFigure.Mb(latestBytes)}; "
                    + $"built in {buildMs / 1000:0.0} s ({buildMs / versions:0.0} ms/commit)",
                Extra = new Dictionary<string, double>
                {
                    ["versions"] = versions,
                    ["build_ms"] = buildMs,
                    ["v1_manifest_bytes"] = v1Bytes,
                    ["latest_manifest_bytes"] = latestBytes,
                    ["iterations"] = iterations,
                },
            },
        ];
    }
}
