namespace Strata.Backfill;

/// <summary>Runs tasks on a pool of worker threads in this process (the default executor).</summary>
/// <param name="concurrency">Workers; null uses the backfill's Concurrency option.</param>
public sealed class InProcessBackfillExecutor(int? concurrency = null) : IBackfillExecutor
{
    /// <inheritdoc />
    public async Task RunAsync(BackfillExecution execution, IReadOnlyList<BackfillTask> tasks,
        Func<BackfillTaskResult, CancellationToken, Task> completed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(execution);
        var workers = Math.Max(1, Math.Min(concurrency ?? execution.Concurrency, Math.Max(1, tasks.Count)));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var next = -1;
        var runners = Enumerable.Range(0, workers).Select(slot => Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    var i = Interlocked.Increment(ref next);
                    if (i >= tasks.Count) return;
                    stop.Token.ThrowIfCancellationRequested();
                    var result = await execution.RunTaskAsync(tasks[i], slot, stop.Token).ConfigureAwait(false);
                    await completed(result, stop.Token).ConfigureAwait(false);
                }
            }
            catch
            {
                await stop.CancelAsync().ConfigureAwait(false);
                throw;
            }
        }, CancellationToken.None)).ToArray();
        try
        {
            await Task.WhenAll(runners).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // A worker failed and stopped the rest: report the real failure, not the cancellations it caused.
            var failure = runners.Where(r => r.IsFaulted).Select(r => r.Exception!.InnerException!)
                .FirstOrDefault(e => e is not OperationCanceledException);
            if (failure is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
            throw;
        }
    }
}
