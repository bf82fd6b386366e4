using System.Collections.Concurrent;
using Strata.Tables;
using Strata.Udfs;

namespace Strata.Backfill;

/// <summary>
/// What an executor needs to run a job's tasks in this process: the lake, the UDF, and one UDF worker
/// per slot (stateful UDFs are set up once per slot and disposed when the execution ends).
/// </summary>
public sealed class BackfillExecution : IDisposable
{
    private readonly Lake _lake;
    private readonly Udf _udf;
    private readonly ConcurrentDictionary<int, UdfInvoker> _workers = new();
    private readonly ConcurrentDictionary<long, TableSnapshot> _snapshots = new();
    private readonly Action<BackfillTask, long, bool>? _onCheckpoint;

    internal BackfillExecution(Lake lake, Udf udf, int concurrency, Action<BackfillTask, long, bool>? onCheckpoint)
    {
        _lake = lake;
        _udf = udf;
        Concurrency = concurrency;
        _onCheckpoint = onCheckpoint;
    }

    /// <summary>Opens an execution for running serialized tasks in another process (a scale-out worker).</summary>
    public static async Task<BackfillExecution> OpenAsync(Lake lake, string udfName, int concurrency = 1, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lake);
        var udf = await lake.Udfs.ResolveAsync(udfName, cancellationToken).ConfigureAwait(false);
        return new BackfillExecution(lake, udf, concurrency, null);
    }

    /// <summary>How many tasks the job wants to run at once.</summary>
    public int Concurrency { get; }

    /// <summary>Calls of the user's function so far, over all workers.</summary>
    public long Calls => _workers.Values.Sum(w => w.Calls);

    /// <summary>Runs one task on worker <paramref name="slot"/> (one thread at a time per slot).</summary>
    public async Task<BackfillTaskResult> RunTaskAsync(BackfillTask task, int slot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(task);
        if (task.UdfVersion != _udf.Version)
            throw new StrataConflictException($"task of job {task.JobId} expects UDF '{task.Udf}' version {task.UdfVersion}, but this process has version {_udf.Version}.");
        var worker = _workers.GetOrAdd(slot, _ => _udf.CreateInvoker());
        if (!_snapshots.TryGetValue(task.ReadVersion, out var snap))
        {
            var store = new ManifestStore(_lake, task.TableId);
            snap = await store.ReadAsync(task.ReadVersion, cancellationToken).ConfigureAwait(false);
            _snapshots[task.ReadVersion] = snap;
        }
        return await BackfillTaskRunner.RunAsync(_lake, snap, _udf, worker, task, _onCheckpoint, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Disposes the workers (and stateful UDF instances).</summary>
    public void Dispose()
    {
        foreach (var w in _workers.Values) w.Dispose();
        _workers.Clear();
    }
}
