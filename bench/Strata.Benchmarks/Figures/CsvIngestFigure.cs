namespace Strata.Benchmarks.Figures;

/// <summary>
/// Figure 6: ingesting a large CSV (about 1 GB at the full N) with <c>CreateTableFromFileAsync</c>, in a child
/// process whose peak resident memory (VmHWM) must stay under 1 GiB; the baseline is DuckDB's
/// <c>COPY (SELECT * FROM read_csv(file)) TO parquet</c>, also in a child process.
/// </summary>
internal static class CsvIngestFigure
{
    public const double PeakTargetMb = 1024;

    public static async Task<IReadOnlyList<FigureResult>> RunAsync(BenchContext ctx)
    {
        var folder = ctx.NewFolder("csv");
        var csv = Path.Combine(folder, "input.csv");
        ctx.Log.WriteLine($"  writing a {ctx.Options.CsvBytes / 1e6:N0} MB CSV …");
        long rows = 0;
        var genMs = Measure.Time(() => rows = CsvGenerator.Write(csv, ctx.Options.CsvBytes)).WallMs;
        var csvBytes = new FileInfo(csv).Length;
        ctx.Log.WriteLine($"  {rows:N0} rows, {csvBytes / 1e6:N0} MB in {genMs / 1000:0.0} s");

        var strata = new List<ChildModes.Outcome>();
        var baseline = new List<ChildModes.Outcome>();
        var (s, b) = await Measure.AlternateAsync(ctx.Options.Runs,
            async run =>
            {
                var lake = Path.Combine(folder, $"lake{run}");
                var outcome = await ChildModes.RunChildAsync("ingest-csv", lake, csv);
                if (outcome.Rows != rows) throw new InvalidOperationException($"Strata ingested {outcome.Rows} rows, not {rows}.");
                strata.Add(outcome);
                Directory.Delete(lake, recursive: true);
                return new Timing(outcome.ElapsedMs, outcome.CpuMs);
            },
            async run =>
            {
                var output = Path.Combine(folder, $"copy{run}.parquet");
                var outcome = await ChildModes.RunChildAsync("copy-csv", csv, output);
                if (outcome.Rows != rows) throw new InvalidOperationException($"DuckDB copied {outcome.Rows} rows, not {rows}.");
                baseline.Add(outcome);
                File.Delete(output);
                return new Timing(outcome.ElapsedMs, outcome.CpuMs);
            });
        var peak = strata.Max(o => o.PeakMb);
        var baselinePeak = baseline.Max(o => o.PeakMb);
        return
        [
            FigureResult.Of("csv_ingest", s, b, null) with
            {
                OkOverride = peak <= PeakTargetMb,
                TargetText = $"peak ≤ {PeakTargetMb:0} MB",
                Note = $"{csvBytes / 1e6:N0} MB CSV, {rows:N0} rows, {strata[0].Files} fragment(s); peak RSS {peak:0} MB (DuckDB alone {baselinePeak:0} MB)",
                Extra = new Dictionary<string, double>
                {
                    ["peak_mb"] = peak,
                    ["peak_target_mb"] = PeakTargetMb,
                    ["baseline_peak_mb"] = baselinePeak,
                    ["sampled_peak_mb"] = strata.Max(o => o.SampledPeakMb),
                    ["csv_bytes"] = csvBytes,
                    ["rows"] = rows,
                },
            },
        ];
    }
}
