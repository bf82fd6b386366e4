using Microsoft.Extensions.Logging;
using Strata.Catalog;
using Strata.Data;
using Strata.Tables;

namespace Strata.Jobs;

/// <summary>
/// One system table <c>__system.&lt;name&gt;</c> holding rows of <typeparamref name="T"/>: opened (or created)
/// once, appended to with group commit, and read with SQL over its newest version.
/// </summary>
/// <remarks>
/// Every append is a table commit, so appends that arrive while a commit is in flight are queued and
/// written together by the next commit: many small writes from one process cost few commits. A caller
/// whose request is still queued when it cancels is taken out of the queue; one whose rows are already
/// being committed stops waiting, but the rows may still land. When <see cref="CompactAtFragments"/> small fragments have
/// gathered at the end, they are merged (size-tiered, <see cref="TailToMerge"/>; before those appends return), so reads of
/// the table stay fast and no commit rewrites the whole table.
/// </remarks>
internal sealed class SystemTable<T>
{
    /// <summary>Merge once this many small fragments have gathered at the end (each commit adds one): a job lookup reads every fragment.</summary>
    internal const int CompactAtFragments = 8;

    private readonly Lake _lake;
    private readonly SemaphoreSlim _openGate = new(1, 1);
    private readonly Lock _queueGate = new();
    private List<Pending> _queue = [];
    private bool _draining;
    private volatile Table? _table;

    public SystemTable(Lake lake, string name)
    {
        _lake = lake;
        Name = name;
        Schema = RecordShape.ForRows(typeof(T)).Schema;
    }

    /// <summary>The table's name within <c>__system</c>.</summary>
    public string Name { get; }

    /// <summary>The columns (from <typeparamref name="T"/>).</summary>
    public Schema Schema { get; }

    /// <summary>Appends rows (one commit, possibly shared with other queued appends); returns when committed.</summary>
    /// <exception cref="StrataInvalidInputException">A value does not fit its column.</exception>
    public Task AppendAsync(IReadOnlyList<T> rows, CancellationToken ct)
    {
        if (rows.Count == 0) return Task.CompletedTask;
        ct.ThrowIfCancellationRequested();
        // Converted here, so that bad input fails its own caller and never a shared commit.
        var pending = new Pending(RecordBatch.FromRecords(rows, Schema), ct, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        bool lead;
        lock (_queueGate)
        {
            _queue.Add(pending);
            lead = !_draining;
            _draining = true;
        }
        if (lead) _ = Task.Run(DrainAsync, CancellationToken.None);
        return pending.Done.Task.WaitAsync(ct);
    }

    /// <summary>
    /// Runs a query over the newest version: <paramref name="sql"/> gets the table's rows as a
    /// subquery text (use it as <c>FROM (rows) AS t</c>). Returns nothing when the table does not exist yet.
    /// </summary>
    public async Task<IReadOnlyList<T>> QueryAsync(Func<string, string> sql, bool withRowId, CancellationToken ct) =>
        (await QueryBatchAsync(sql, withRowId, ct).ConfigureAwait(false))?.ToRecords<T>() ?? [];

    /// <summary>Like <see cref="QueryAsync"/>, the result as a batch (null when the table does not exist yet).</summary>
    public async Task<RecordBatch?> QueryBatchAsync(Func<string, string> sql, bool withRowId, CancellationToken ct)
    {
        var table = await OpenAsync(create: false, ct).ConfigureAwait(false);
        if (table is null) return null;
        var snap = await table.Store.ReadLatestAsync(ct).ConfigureAwait(false);
        var scan = await ScanPlanner.BuildAsync(_lake.Storage, snap, null, withRowId, ct).ConfigureAwait(false);
        var text = sql(scan);
        using var conn = _lake.Engine.Connect();
        return _lake.RunEngine(() => conn.QueryAll(text));
    }

    /// <summary>The table, created on first use when <paramref name="create"/>; null when absent and not created.</summary>
    public async Task<Table?> OpenAsync(bool create, CancellationToken ct)
    {
        if (_table is { } open) return open;
        await _openGate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (_table is { } raced) return raced;
            if (!create)
            {
                var catalog = await _lake.Catalog.ReadLatestAsync(ct).ConfigureAwait(false);
                if (CatalogStore.Find(catalog, new TableName([Lake.SystemNamespace], Name)) is null) return null;
            }
            var table = await _lake.SystemTableAsync(Name, Schema, ct).ConfigureAwait(false);
            _table = table;
            return table;
        }
        finally
        {
            _openGate.Release();
        }
    }

    private async Task DrainAsync()
    {
        while (true)
        {
            List<Pending> batch;
            lock (_queueGate)
            {
                if (_queue.Count == 0)
                {
                    _draining = false;
                    return;
                }
                batch = _queue;
                _queue = [];
            }
            var live = new List<Pending>(batch.Count);
            foreach (var p in batch)
            {
                if (p.Token.IsCancellationRequested) p.Done.TrySetCanceled(p.Token);
                else live.Add(p);
            }
            if (live.Count == 0) continue;
            Table table;
            try
            {
                table = (await OpenAsync(create: true, CancellationToken.None).ConfigureAwait(false))!;
                await table.AddAsync(live.Select(p => p.Rows), null, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                foreach (var p in live) p.Done.TrySetException(e);
                continue;
            }
            // Compacted before the appenders hear back: once an append returns, no write it set off is still running
            // (a caller can compare the lake's files before and after its own work).
            await CompactIfNeededAsync(table).ConfigureAwait(false);
            foreach (var p in live) p.Done.TrySetResult();
        }
    }

    private async Task CompactIfNeededAsync(Table table)
    {
        if (table.FragmentCount < CompactAtFragments) return;
        try
        {
            await table.CompactTailAsync(TailToMerge, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is StrataException or IOException)
        {
            // Another process compacting at the same time, most likely; the next append tries again.
            _lake.Logger.LogDebug(e, "Compaction of system table {Table} skipped", Name);
        }
    }

    /// <summary>How much bigger than everything after it a fragment must be to stay out of a merge.</summary>
    internal const int TierFactor = 4;

    /// <summary>
    /// Size-tiered compaction: the first fragment of the tail to merge, or -1 when that tail is shorter than
    /// <see cref="CompactAtFragments"/>. Walking back from the newest fragment, a fragment joins the tail while it holds at
    /// most <see cref="TierFactor"/> times the rows gathered so far. So fragments grow geometrically from the newest to the
    /// oldest: a table of N rows has O(log N) fragments plus a short tail, each row is rewritten O(log N) times in all, and a
    /// commit never rewrites the whole table (merging everything every few commits cost O(N) each time, O(N²) over a lake's life).
    /// </summary>
    internal static int TailToMerge(IReadOnlyList<long> liveRows)
    {
        var n = liveRows.Count;
        if (n < CompactAtFragments) return -1;
        var k = n - 1;
        var gathered = liveRows[k];
        while (k > 0 && liveRows[k - 1] <= TierFactor * gathered)
        {
            k--;
            gathered += liveRows[k];
        }
        return n - k >= CompactAtFragments ? k : -1;
    }

    private sealed record Pending(RecordBatch Rows, CancellationToken Token, TaskCompletionSource Done);
}
