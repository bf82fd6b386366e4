using System.Runtime.CompilerServices;

namespace Strata.Backfill;

/// <summary>
/// A running backfill: await it (or <see cref="Completion"/>), watch <see cref="Progress"/> or
/// <see cref="ProgressChanged"/>, or <see cref="Cancel"/> it. Committed fragments stay committed when it
/// fails or is cancelled; run it again with the same job id to resume.
/// </summary>
public sealed class BackfillJob
{
    private readonly CancellationTokenSource _cancel;
    private BackfillProgress _progress;

    internal BackfillJob(string jobId, CancellationTokenSource cancel)
    {
        JobId = jobId;
        _cancel = cancel;
        _progress = new BackfillProgress(jobId, 0, 0, 0, 0, 0, 0, 0, TimeSpan.Zero);
    }

    /// <summary>The job id (pass it to resume).</summary>
    public string JobId { get; }

    /// <summary>Completes with the result, or faults (e.g. <see cref="UdfFailedException"/>) / is cancelled.</summary>
    public Task<BackfillResult> Completion { get; internal set; } = null!;

    /// <summary>The latest progress.</summary>
    public BackfillProgress Progress => Volatile.Read(ref _progress);

    /// <summary>Raised (on a worker thread) whenever progress changes.</summary>
    public event EventHandler<BackfillProgress>? ProgressChanged;

    /// <summary>Stops the job: running tasks end at their next checkpoint boundary; the job is recorded as cancelled.</summary>
    public void Cancel() => _cancel.Cancel();

    /// <summary>Awaits completion.</summary>
    public TaskAwaiter<BackfillResult> GetAwaiter() => Completion.GetAwaiter();

    internal void Report(BackfillProgress progress)
    {
        Volatile.Write(ref _progress, progress);
        ProgressChanged?.Invoke(this, progress);
    }
}
