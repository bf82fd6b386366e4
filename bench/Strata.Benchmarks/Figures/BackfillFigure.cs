using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using Strata.Backfill;
using Strata.Data;
using Strata.Udfs;

namespace Strata.Benchmarks.Figures;

/// <summary>
/// Figure 8, UDF backfills (default options: concurrency = cores, slices that grow, commits as fragments finish)
/// of <see cref="Score"/> (<c>value * 2 + text.Length</c>) over N rows:
/// <list type="bullet">
/// <item><c>backfill.scalar</c>: the backfill against a plain C# loop that reads the same two columns from the
/// table's Parquet files (DuckDB), computes the same function and writes the column file (appender + COPY).</item>
/// <item><c>backfill.wide</c>: the backfill of a table with 50 other columns against one with 5.</item>
/// <item><c>backfill.resume</c>: resuming (same job id) a backfill that a child process SIGKILLed itself in once
/// 90% of the rows were checkpointed, against a full run.</item>
/// <item><c>backfill.speedup</c>: concurrency = cores against concurrency 1 (reported, no target).</item>
/// </list>
/// </summary>
internal static class BackfillFigure
{
    private const string ScoreColumn = "score";
    private const int Narrow = 5;
    private const int Wide = 50;

    /// <summary>The UDF's function.</summary>
    public static double Score(double value, string text) => value * 2 + text.Length;

    public static Udf CreateUdf() =>
        Udf.FromMethod(typeof(BackfillFigure).GetMethod(nameof(Score), BindingFlags.Public | BindingFlags.Static)!, ScoreColumn);

    public static async Task<IReadOnlyList<FigureResult>> RunAsync(BenchContext ctx)
    {
        var n = ctx.Options.Rows;
        var runs = ctx.Options.Runs;
        // A backfill of N rows now takes a few hundred ms: like the scans and opens, its figures take the best of at least 5
        // runs. The resume keeps the plain run count (each of its runs starts and kills a child process).
        var cheapRuns = ctx.Options.CheapRuns;
        var lakePath = Path.Combine(ctx.NewFolder("backfill"), "lake");
        await using var lake = await Lake.CreateAsync(lakePath);
        var warm = await CreateAsync(lake, "warm", Math.Min(n, 20_000), Narrow);
        await warm.Table.BackfillAsync(ScoreColumn);
        // The resume's own path (finding the job, checking and assembling checkpoints) is warmed up too, as every other figure's is.
        await warm.Table.RestoreAsync(warm.Before);
        var warmJob = "bench-resume-warm-" + Guid.NewGuid().ToString("N")[..6];
        await KillChildAsync(lakePath, warm.Table.Name, warmJob, 0.5);
        await warm.Table.RefreshAsync();
        await warm.Table.BackfillAsync(ScoreColumn, new BackfillOptions { JobId = warmJob });
        await CheckAsync(warm.Table, Math.Min(n, 20_000));
        ctx.Log.WriteLine($"creating backfill tables ({n:N0} rows, {Narrow} and {Wide} other columns) …");
        var narrow = await CreateAsync(lake, "narrow", n, Narrow);
        var wide = await CreateAsync(lake, "wide", n, Wide);
        var files = await LakeFiles.DataFilesAsync(narrow.Table);
        var outDir = Path.GetDirectoryName(lakePath)!;

        BackfillResult? last = null;
        var (full, loop) = await Measure.AlternateAsync(cheapRuns,
            async _ => await TimedBackfillAsync(narrow, new BackfillOptions(), r => last = r),
            run => Task.FromResult(Measure.Time(() => Loop(ctx, files, Path.Combine(outDir, $"loop{run}.parquet"), n))));
        var lastRecord = await lake.GetJobAsync(last!.JobId);
        var scalar = FigureResult.Of("backfill.scalar", full, loop, 1.5) with
        {
            Note = $"{last.FragmentsCommitted} fragments; C# loop over the same columns + column file; last run: UDF {lastRecord.UdfMs} ms, "
                + $"read {lastRecord.ReadMs} ms, checkpoint writes {lastRecord.WriteMs} ms (summed over workers)",
            Extra = new Dictionary<string, double>
            {
                ["udf_ms"] = lastRecord.UdfMs,
                ["read_ms"] = lastRecord.ReadMs,
                ["write_ms"] = lastRecord.WriteMs,
            },
        };

        var (wideSeries, narrowSeries) = await Measure.AlternateAsync(cheapRuns,
            async _ => await TimedBackfillAsync(wide, new BackfillOptions(), null),
            async _ => await TimedBackfillAsync(narrow, new BackfillOptions(), null));
        var wideFigure = FigureResult.Of("backfill.wide", wideSeries, narrowSeries, 1.2) with
        {
            Note = $"{Wide} vs {Narrow} other columns",
        };

        var (cores, one) = await Measure.AlternateAsync(cheapRuns,
            async _ => await TimedBackfillAsync(narrow, new BackfillOptions(), null),
            async _ => await TimedBackfillAsync(narrow, new BackfillOptions { Concurrency = 1 }, null));
        var speedup = FigureResult.Of("backfill.speedup", cores, one, null) with
        {
            OkOverride = true,
            TargetText = "report",
            Note = $"concurrency {Environment.ProcessorCount} vs 1: {one.Wall.Min / cores.Wall.Min:0.00}× faster",
        };

        var resumes = new List<Timing>();
        BackfillResult? resumed = null;
        var killedAt = "";
        var phases = new Dictionary<string, double>();
        for (var run = 0; run < runs; run++)
        {
            await narrow.Table.RestoreAsync(narrow.Before);
            var jobId = "bench-resume-" + run.ToString(CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..6];
            killedAt = await KillChildAsync(lakePath, narrow.Table.Name, jobId, 0.9);
            await narrow.Table.RefreshAsync();
            var t0 = DateTimeOffset.UtcNow;
            resumes.Add(await Measure.TimeAsync(async () => resumed = await narrow.Table.BackfillAsync(ScoreColumn, new BackfillOptions { JobId = jobId })));
            await CheckAsync(narrow.Table, n);
            // Where the resume's time went, from its job events and metrics.
            var events = (await lake.GetJobEventsAsync(jobId)).Where(e => e.Time >= t0).ToList();
            var record = await lake.GetJobAsync(jobId);
            double Ms(string kind) => events.FirstOrDefault(e => e.Kind == kind) is { } e ? (e.Time - t0).TotalMilliseconds : double.NaN;
            phases = new Dictionary<string, double>
            {
                ["resume_planned_ms"] = Ms("planned"),
                ["resume_first_commit_ms"] = Ms("commit"),
                ["resume_done_ms"] = Ms("done"),
                ["resume_udf_ms"] = record.UdfMs,
                ["resume_read_ms"] = record.ReadMs,
                ["resume_write_ms"] = record.WriteMs,
            };
            ctx.Log.WriteLine($"  resume {run}: {killedAt}; " + string.Join(", ", phases.Select(p => $"{p.Key} {p.Value:0}")));
        }
        var resume = FigureResult.Of("backfill.resume", new Series(resumes), full, 0.15) with
        {
            Note = $"{killedAt}; the resume computed {resumed!.RowsComputed:N0} rows, took {resumed.RowsFromCheckpoints:N0} from checkpoints, committed {resumed.FragmentsCommitted} fragments",
            Extra = new Dictionary<string, double>(phases)
            {
                ["resume_rows_computed"] = resumed.RowsComputed,
                ["resume_rows_from_checkpoints"] = resumed.RowsFromCheckpoints,
                ["resume_fragments_committed"] = resumed.FragmentsCommitted,
            },
        };
        return [scalar, wideFigure, resume, speedup];
    }

    /// <summary><c>backfill-kill LAKE TABLE JOB FRACTION</c>: runs the backfill as that job and SIGKILLs itself once FRACTION of the rows are checkpointed.</summary>
    public static async Task<int> KillAtAsync(string lakePath, string tableName, string jobId, double fraction, TextWriter output)
    {
        await using var lake = await Lake.OpenAsync(lakePath);
        lake.Udfs.Register(CreateUdf());
        var table = await lake.OpenTableAsync(tableName);
        var job = table.BackfillAsync(ScoreColumn, new BackfillOptions { JobId = jobId, Progress = new KillAt(fraction, output) });
        await job;
        output.WriteLine("finished before the kill");
        return 3;
    }

    private sealed class KillAt(double fraction, TextWriter output) : IProgress<BackfillProgress>
    {
        public void Report(BackfillProgress value)
        {
            if (value.RowsPlanned == 0 || value.RowsDone < fraction * value.RowsPlanned) return;
            output.WriteLine($"killed at {value.RowsDone} of {value.RowsPlanned} rows, {value.FragmentsCommitted} fragments committed");
            output.Flush();
            Process.GetCurrentProcess().Kill();
        }
    }

    private static async Task<string> KillChildAsync(string lakePath, string table, string jobId, double fraction)
    {
        var start = new ProcessStartInfo { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("the bench cannot find its own executable.");
        start.FileName = self;
        if (Path.GetFileNameWithoutExtension(self).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
            start.ArgumentList.Add(typeof(BackfillFigure).Assembly.Location);
        foreach (var a in new[] { "backfill-kill", lakePath, table, jobId, fraction.ToString(CultureInfo.InvariantCulture) }) start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {self}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var text = (await stdout).Trim();
        if (!text.StartsWith("killed", StringComparison.Ordinal))
            throw new InvalidOperationException($"the backfill child did not kill itself (exit {process.ExitCode}): {text} {(await stderr).Trim()}");
        return text.Split('\n')[0];
    }

    private static async Task<Timing> TimedBackfillAsync((Table Table, long Before) t, BackfillOptions options, Action<BackfillResult>? result)
    {
        await t.Table.RestoreAsync(t.Before); // every run computes every row again
        BackfillResult? r = null;
        var timing = await Measure.TimeAsync(async () => r = await t.Table.BackfillAsync(ScoreColumn, options));
        result?.Invoke(r!);
        return timing;
    }

    /// <summary>The baseline: read value and text, compute, write the column file.</summary>
    private static void Loop(BenchContext ctx, IReadOnlyList<string> files, string path, int n)
    {
        var batch = ctx.Baseline.Query($"SELECT value, text FROM read_parquet({DuckDbBaseline.FileList(files)})");
        var values = ((PrimitiveColumn<double>)batch.Column(0)).Values;
        var texts = (StringColumn)batch.Column(1);
        var scores = new double[batch.RowCount];
        for (var i = 0; i < scores.Length; i++) scores[i] = Score(values[i], texts[i]!);
        var output = new RecordBatch((ScoreColumn, Data.Column.From(scores)));
        var (rows, _, _) = ctx.Baseline.WriteParquet([output], output.Schema, path);
        if (rows != n) throw new InvalidOperationException($"the loop wrote {rows} rows of {n}.");
        File.Delete(path);
    }

    private static async Task CheckAsync(Table table, int n)
    {
        var filled = await table.CountRowsAsync($"{ScoreColumn} = value * 2 + length(text)");
        if (filled != n) throw new InvalidOperationException($"after the resume {filled} of {n} rows have the right score.");
    }

    /// <summary>A table of n rows: id, value, text and others − 3 more int64 columns, with the UDF column added.</summary>
    private static async Task<(Table Table, long Before)> CreateAsync(Lake lake, string name, int n, int others)
    {
        var table = await lake.CreateTableAsync(name, Batches(n, others), Schema(others));
        await table.AddColumnsAsync(CreateUdf());
        return (table, table.Version);
    }

    private static Schema Schema(int others) => new(
        new[] { new Field("id", DataType.Int64), new Field("value", DataType.Float64), new Field("text", DataType.String) }
            .Concat(Enumerable.Range(0, others - 3).Select(i => new Field("c" + i.ToString(CultureInfo.InvariantCulture), DataType.Int64))).ToList());

    private static IEnumerable<RecordBatch> Batches(int n, int others)
    {
        var schema = Schema(others);
        for (var start = 0; start < n; start += Workload.BatchRows)
        {
            var rows = Math.Min(Workload.BatchRows, n - start);
            var columns = new List<Column>(others);
            var ids = new long[rows];
            var values = new double[rows];
            var texts = new string?[rows];
            for (var i = 0; i < rows; i++)
            {
                ids[i] = start + i;
                values[i] = (start + i) % 1000 * 0.001;
                texts[i] = "text-" + ((start + i) % 977).ToString(CultureInfo.InvariantCulture) + new string('x', (start + i) % 23);
            }
            columns.Add(Data.Column.From(ids));
            columns.Add(Data.Column.From(values));
            columns.Add(Data.Column.From(texts));
            for (var c = 3; c < others; c++)
            {
                var v = new long[rows];
                for (var i = 0; i < rows; i++) v[i] = (start + i) * (long)c;
                columns.Add(Data.Column.From(v));
            }
            yield return new RecordBatch(schema, columns);
        }
    }
}
