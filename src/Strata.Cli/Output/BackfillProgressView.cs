using System.Globalization;
using Spectre.Console;
using Strata.Backfill;

namespace Strata.Cli.Output;

/// <summary>How <c>strata backfill</c> shows progress on stderr.</summary>
internal enum ProgressMode
{
    /// <summary>Nothing (the default when stderr is not a terminal).</summary>
    None,

    /// <summary>A live progress bar (the default on a terminal).</summary>
    Bar,

    /// <summary>A plain line every few seconds and at the end, for logs.</summary>
    Lines,
}

/// <summary>Watches a running backfill and shows its progress on stderr until it ends.</summary>
internal static class BackfillProgressView
{
    /// <summary>How often the bar is refreshed from the job's progress.</summary>
    private static readonly TimeSpan BarRefresh = TimeSpan.FromMilliseconds(200);

    /// <summary>The time between two progress lines.</summary>
    internal static readonly TimeSpan LineInterval = TimeSpan.FromSeconds(5);

    /// <summary>Shows progress until the job ends, then returns its result (or throws its failure).</summary>
    public static async Task<BackfillResult> WatchAsync(CliConsole console, BackfillJob job, ProgressMode mode, string label)
    {
        switch (mode)
        {
            case ProgressMode.Bar:
                await BarAsync(console, job, label).ConfigureAwait(false);
                break;
            case ProgressMode.Lines:
                await LinesAsync(console, job, label).ConfigureAwait(false);
                break;
        }
        return await job.Completion.ConfigureAwait(false);
    }

    private static async Task BarAsync(CliConsole console, BackfillJob job, string label)
    {
        var spectre = SpectreConsoles.Create(console.Error, terminal: true);
        await spectre.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(Markup.Escape($"{label}: planning"), maxValue: 1);
                task.IsIndeterminate = true;
                while (true)
                {
                    var finished = await Task.WhenAny(job.Completion, Task.Delay(BarRefresh)).ConfigureAwait(false) == job.Completion;
                    var progress = job.Progress;
                    if (progress.RowsPlanned > 0)
                    {
                        task.IsIndeterminate = false;
                        task.MaxValue = progress.RowsPlanned;
                        task.Value = Math.Min(progress.RowsDone, progress.RowsPlanned);
                        task.Description = Markup.Escape($"{label}: {Describe(progress)}");
                    }
                    if (finished) break;
                }
                if (job.Completion.IsCompletedSuccessfully)
                {
                    task.IsIndeterminate = false;
                    task.Value = task.MaxValue;
                }
                task.StopTask();
            }).ConfigureAwait(false);
    }

    private static async Task LinesAsync(CliConsole console, BackfillJob job, string label)
    {
        while (await Task.WhenAny(job.Completion, Task.Delay(LineInterval)).ConfigureAwait(false) != job.Completion)
            await console.Error.WriteLineAsync($"{label}: {Describe(job.Progress)}").ConfigureAwait(false);
        if (job.Completion.IsCompletedSuccessfully) await console.Error.WriteLineAsync($"{label}: {Describe(job.Progress)}").ConfigureAwait(false);
    }

    /// <summary>"1,200/5,000 rows (24%), 350 rows/s, ETA 0:11" — what is planned before planning ends is "planning".</summary>
    internal static string Describe(BackfillProgress p)
    {
        if (p.RowsPlanned == 0 && p.RowsDone == 0 && p.FragmentsPlanned == 0) return p.Elapsed > TimeSpan.Zero ? "nothing to compute" : "planning";
        var text = string.Create(CultureInfo.InvariantCulture,
            $"{p.RowsDone:N0}/{p.RowsPlanned:N0} rows ({Math.Floor(p.Fraction * 100):0}%), {p.RowsPerSecond:N0} rows/s");
        if (p.RowsDone < p.RowsPlanned) text += p.Eta is { } eta ? $", ETA {Duration(eta)}" : ", ETA unknown";
        if (p.RowsFromEarlierRuns > 0) text += string.Create(CultureInfo.InvariantCulture, $", {p.RowsFromEarlierRuns:N0} from checkpoints");
        if (p.RowsFailed > 0) text += string.Create(CultureInfo.InvariantCulture, $", {p.RowsFailed:N0} failed");
        return text;
    }

    /// <summary>"0:42", "12:05", "3:04:10".</summary>
    internal static string Duration(TimeSpan span)
    {
        if (span < TimeSpan.Zero) span = TimeSpan.Zero;
        var seconds = (long)Math.Ceiling(span.TotalSeconds);
        var h = seconds / 3600;
        var m = seconds / 60 % 60;
        var s = seconds % 60;
        return h > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{h}:{m:00}:{s:00}")
            : string.Create(CultureInfo.InvariantCulture, $"{m}:{s:00}");
    }
}
