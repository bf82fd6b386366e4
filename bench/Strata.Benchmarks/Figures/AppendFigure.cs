using System.Globalization;
using Strata.Data;

namespace Strata.Benchmarks.Figures;

/// <summary>
/// Figure 4: 200 appends of 100 rows (one commit each) to an empty table, against DuckDB writing the same
/// 100 rows to a Parquet file of their own (appender + COPY, per file); then a scan of the resulting
/// 200-fragment table against DuckDB scanning those 200 files directly.
/// </summary>
internal static class AppendFigure
{
    public const int Commits = 200;
    public const int RowsPerCommit = 100;

    public static async Task<IReadOnlyList<FigureResult>> RunAsync(BenchContext ctx)
    {
        var w = ctx.Workload;
        var batches = Enumerable.Range(0, Commits).Select(i => w.Slice(i * RowsPerCommit, RowsPerCommit)).ToArray();

        // Warm-up: enough commits and files for the JIT to settle (tier-1 code after 30 calls).
        await using (var warmLake = await Lake.CreateAsync(ctx.NewFolder("append-warm")))
        {
            var warm = await warmLake.CreateTableAsync("a", Workload.Schema);
            var warmDir = ctx.NewFolder("append-warm-duckdb");
            for (var i = 0; i < 50; i++)
            {
                await warm.AddAsync(batches[i]);
                ctx.Baseline.WriteParquet([batches[i]], Workload.Schema, Path.Combine(warmDir, $"{i}.parquet"));
            }
        }

        var strataRuns = new List<Timing[]>();
        var baselineRuns = new List<Timing[]>();
        Lake? last = null;
        try
        {
            for (var run = 0; run < ctx.Options.Runs; run++)
            {
                // One lake per run, so the scan below sees a lake holding just the 200-fragment table.
                if (last is not null) await last.DisposeAsync();
                last = await Lake.CreateAsync(ctx.NewFolder($"append-lake{run}"));
                var (s, b) = await RunOnceAsync(ctx, last, batches, ctx.NewFolder($"append-duckdb{run}"));
                strataRuns.Add(s);
                baselineRuns.Add(b);
            }
            var strata = new Series(strataRuns.Select(r => Timing.Mean(r)).ToList());
            var baseline = new Series(baselineRuns.Select(r => Timing.Mean(r)).ToList());
            var all = strataRuns.SelectMany(r => r).Select(t => t.WallMs).ToList();
            var commit = FigureResult.Of("append.commit", strata, baseline, 2) with
            {
                Note = $"mean per commit of {Commits} × {RowsPerCommit} rows; Strata first 20 {First(strataRuns):0.0} ms, last 20 {Last(strataRuns):0.0} ms",
                Extra = new Dictionary<string, double>
                {
                    ["strata_p50_ms"] = new Samples(all).Median,
                    ["strata_first20_ms"] = First(strataRuns),
                    ["strata_last20_ms"] = Last(strataRuns),
                    ["baseline_first20_ms"] = First(baselineRuns),
                    ["baseline_last20_ms"] = Last(baselineRuns),
                    ["commits"] = Commits,
                    ["rows_per_commit"] = RowsPerCommit,
                },
            };

            var table = await last!.OpenTableAsync("a");
            if (table.FragmentCount != Commits)
                throw new InvalidOperationException($"the appended table has {table.FragmentCount} fragments, not {Commits}.");
            var scan = await ScanFigure.SumAsync(ctx, last, "a", table, "append.scan", 1.2);
            return [commit, scan with { Note = $"{Commits} fragments; " + scan.Note }];
        }
        finally
        {
            if (last is not null) await last.DisposeAsync();
        }
    }

    /// <summary>The per-operation times (ms) of one run: Strata's commits and DuckDB's files, interleaved.</summary>
    private static async Task<(Timing[] Strata, Timing[] Baseline)> RunOnceAsync(BenchContext ctx, Lake lake, RecordBatch[] batches, string outDir)
    {
        var table = await lake.CreateTableAsync("a", Workload.Schema);
        var strata = new Timing[batches.Length];
        var baseline = new Timing[batches.Length];
        GC.Collect();
        for (var i = 0; i < batches.Length; i++)
        {
            var path = Path.Combine(outDir, i.ToString("D3", CultureInfo.InvariantCulture) + ".parquet");
            if (i % 2 == 0)
            {
                strata[i] = await TimeAsync(() => table.AddAsync(batches[i]));
                baseline[i] = Time(() => ctx.Baseline.WriteParquet([batches[i]], Workload.Schema, path));
            }
            else
            {
                baseline[i] = Time(() => ctx.Baseline.WriteParquet([batches[i]], Workload.Schema, path));
                strata[i] = await TimeAsync(() => table.AddAsync(batches[i]));
            }
        }
        return (strata, baseline);
    }

    private static double First(List<Timing[]> runs) => runs.Select(r => r.Take(20).Average(t => t.WallMs)).Order().ElementAt(runs.Count / 2);

    private static double Last(List<Timing[]> runs) => runs.Select(r => r.TakeLast(20).Average(t => t.WallMs)).Order().ElementAt(runs.Count / 2);

    // Per-operation timings skip the forced GC of Measure: 400 full collections would cost more than the operations.
    private static async Task<Timing> TimeAsync(Func<Task> action)
    {
        var clock = TimingClock.Start();
        await action();
        return clock.Elapsed;
    }

    private static Timing Time(Action action)
    {
        var clock = TimingClock.Start();
        action();
        return clock.Elapsed;
    }
}
