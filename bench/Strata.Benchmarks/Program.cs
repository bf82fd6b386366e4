using System.Globalization;
using Strata;
using Strata.Benchmarks;
using Strata.Benchmarks.Figures;
using Strata.Engine;

// Child modes (figure 6 runs them in processes of their own to measure their peak memory).
if (args is ["ingest-csv", var lakePath, var csvFile]) return await ChildModes.IngestCsvAsync(lakePath, csvFile, Console.Out);
if (args is ["copy-csv", var csvIn, var parquetOut]) return ChildModes.CopyCsv(csvIn, parquetOut, Console.Out);
if (args is ["backfill-kill", var bfLake, var bfTable, var bfJob, var bfFraction])
    return await BackfillFigure.KillAtAsync(bfLake, bfTable, bfJob, double.Parse(bfFraction, CultureInfo.InvariantCulture), Console.Out);

var options = BenchOptions.Parse(args, Console.Error);
if (options is null) return 2;

// Progress goes to stderr so that stdout holds only the report (the table, or JSON lines).
var log = Console.Error;
var started = DateTimeOffset.Now;
var strataVersion = typeof(Lake).Assembly
    .GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
    .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion ?? "?";
var loadBefore = MachineLoad.OneMinute();
var results = new List<FigureResult>();
var failed = false;
await using (var ctx = new BenchContext(options, log))
{
    log.WriteLine($"Strata {strataVersion} benchmarks: N = {options.Rows:N0}, {options.Runs} run(s) per side, DuckDB {DuckDbDatabase.LibraryVersion}, "
        + $"{Environment.ProcessorCount} cores, folder {ctx.Root}");
    var figures = new (string Group, Func<BenchContext, Task<IReadOnlyList<FigureResult>>> Run)[]
    {
        ("ingest", IngestFigure.RunAsync),
        ("scan", ScanFigure.RunAsync),
        ("add_column", AddColumnFigure.RunAsync),
        ("append", AppendFigure.RunAsync),
        ("time_travel", TimeTravelFigure.RunAsync),
        ("csv", CsvIngestFigure.RunAsync),
        ("codec", CodecFigure.RunAsync),
        ("vault", VaultFigure.RunAsync),
        ("backfill", BackfillFigure.RunAsync),
    };
    foreach (var (group, run) in figures)
    {
        if (!options.Includes(group)) continue;
        log.WriteLine($"[{group}]");
        try
        {
            foreach (var r in await run(ctx))
            {
                results.Add(r);
                log.WriteLine($"  {r.Figure}: Strata {r.StrataMs:0.00} ms, baseline {r.BaselineMs:0.00} ms, ratio {r.Ratio:0.000} ({(r.Ok ? "ok" : "MISS")})");
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Report and go on: one broken figure should not hide the others.
            failed = true;
            log.WriteLine($"  {group} failed: {e}");
            results.Add(FigureResult.Failed(group, e));
        }
    }
}

var loadAfter = MachineLoad.OneMinute();
var minutes = (DateTimeOffset.Now - started).TotalMinutes;
if (options.Json)
{
    Report.WriteJson(Console.Out, results, new Dictionary<string, object>
    {
        ["n"] = options.Rows,
        ["runs"] = options.Runs,
        ["cores"] = Environment.ProcessorCount,
        ["duckdb"] = DuckDbDatabase.LibraryVersion,
        ["strata"] = strataVersion,
        ["date"] = started.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["load_before"] = loadBefore ?? double.NaN,
        ["load_after"] = loadAfter ?? double.NaN,
    });
}
else
{
    Report.WriteTable(Console.Out, results,
        $"Strata {strataVersion} benchmarks {started:yyyy-MM-dd HH:mm} — N = {options.Rows:N0}, best of {options.Runs} run(s) per side ({options.CheapRuns} for scans, opens and backfills but the resume) after a warm-up, "
        + $"{Environment.ProcessorCount} cores, DuckDB {DuckDbDatabase.LibraryVersion}, load average {MachineLoad.Text(loadBefore)} → {MachineLoad.Text(loadAfter)}, "
        + $"{minutes:0.0} min; ratio = Strata / baseline, lower is better");
}

// Missed targets are information, not failure; only a figure that could not run makes the exit code non-zero.
return failed ? 1 : 0;
