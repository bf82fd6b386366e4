using System.Globalization;
using Spectre.Console;
using Strata.Vault;

namespace Strata.Cli.Output;

/// <summary>Shows the progress of <c>strata instance execute</c> on stderr: a live bar per builder, or plain lines.</summary>
internal static class VaultProgressView
{
    private static readonly TimeSpan BarRefresh = TimeSpan.FromMilliseconds(200);

    /// <summary>Runs <paramref name="execute"/> with a progress sink and shows what it reports until it ends.</summary>
    public static async Task<string> RunAsync(CliConsole console, ProgressMode mode, string label, Func<IProgress<VaultProgress>, Task<string>> execute)
    {
        var sink = new LatestProgress();
        var run = execute(sink);
        switch (mode)
        {
            case ProgressMode.Bar:
                await BarAsync(console, sink, run, label).ConfigureAwait(false);
                break;
            case ProgressMode.Lines:
                await LinesAsync(console, sink, run, label).ConfigureAwait(false);
                break;
        }
        return await run.ConfigureAwait(false);
    }

    private static async Task BarAsync(CliConsole console, LatestProgress sink, Task run, string label)
    {
        var spectre = SpectreConsoles.Create(console.Error, terminal: true);
        await spectre.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var tasks = new Dictionary<string, ProgressTask>(StringComparer.Ordinal);
                while (true)
                {
                    var finished = await Task.WhenAny(run, Task.Delay(BarRefresh)).ConfigureAwait(false) == run;
                    foreach (var p in sink.Drain())
                    {
                        if (!tasks.TryGetValue(p.Builder, out var task))
                        {
                            foreach (var earlier in tasks.Values.Where(t => !t.IsFinished)) earlier.Value = earlier.MaxValue;
                            task = tasks[p.Builder] = context.AddTask(Markup.Escape($"{label}: {p.Builder}"), maxValue: Math.Max(1, p.RowsTotal));
                        }
                        task.MaxValue = Math.Max(1, p.RowsTotal);
                        task.Value = p.RowsTotal == 0 ? task.MaxValue : Math.Min(p.RowsDone, p.RowsTotal);
                        task.Description = Markup.Escape($"{label}: {Describe(p)}");
                    }
                    if (finished) break;
                }
                foreach (var task in tasks.Values)
                {
                    if (run.IsCompletedSuccessfully) task.Value = task.MaxValue;
                    task.StopTask();
                }
            }).ConfigureAwait(false);
    }

    private static async Task LinesAsync(CliConsole console, LatestProgress sink, Task run, string label)
    {
        string? builder = null;
        var finishedBuilders = new HashSet<string>(StringComparer.Ordinal);
        var lastLine = DateTimeOffset.MinValue;
        while (true)
        {
            var finished = await Task.WhenAny(run, Task.Delay(BarRefresh)).ConfigureAwait(false) == run;
            foreach (var p in sink.Drain())
            {
                var done = p.RowsDone >= p.RowsTotal;
                var print = p.Builder != builder
                    || (done && !finishedBuilders.Contains(p.Builder))
                    || DateTimeOffset.UtcNow - lastLine >= BackfillProgressView.LineInterval;
                if (!print) continue;
                if (done) finishedBuilders.Add(p.Builder);
                builder = p.Builder;
                lastLine = DateTimeOffset.UtcNow;
                await console.Error.WriteLineAsync($"{label}: {Describe(p)}").ConfigureAwait(false);
            }
            if (finished) break;
        }
    }

    /// <summary>"builder words: 1,200/5,000 rows (builder 2 of 3)".</summary>
    internal static string Describe(VaultProgress p) =>
        string.Create(CultureInfo.InvariantCulture,
            $"builder {p.Builder}: {p.RowsDone:N0}/{p.RowsTotal:N0} rows (builder {Math.Min(p.BuildersDone + 1, p.BuildersTotal)} of {p.BuildersTotal})");

    /// <summary>Keeps the reports in order (a lock, no synchronization context), coalescing rows of the same builder.</summary>
    private sealed class LatestProgress : IProgress<VaultProgress>
    {
        private readonly Lock _gate = new();
        private readonly List<VaultProgress> _pending = [];

        public void Report(VaultProgress value)
        {
            lock (_gate)
            {
                if (_pending.Count > 0 && _pending[^1].Builder == value.Builder && _pending[^1].BuildersDone == value.BuildersDone)
                    _pending[^1] = value;
                else
                    _pending.Add(value);
            }
        }

        public List<VaultProgress> Drain()
        {
            lock (_gate)
            {
                var copy = _pending.ToList();
                _pending.Clear();
                return copy;
            }
        }
    }
}
