using Strata.Format;

namespace Strata.Tables;

/// <summary>
/// The versions of one table: reads manifests and commits new ones with optimistic concurrency.
/// A commit builds version N+1 from the latest version N and creates its manifest with
/// create-if-absent; if another writer got there first, it re-reads and rebuilds (the transaction
/// decides whether the other change conflicts).
/// </summary>
internal sealed class ManifestStore
{
    private readonly Lake _lake;
    private readonly VersionLog _log;
    private volatile TableSnapshot? _latest;

    public ManifestStore(Lake lake, string tableId)
    {
        _lake = lake;
        TableId = tableId;
        _log = new VersionLog(lake.Storage, FormatConstants.TableVersionsFolder(tableId));
    }

    public string TableId { get; }
    public VersionLog Log => _log;

    public async Task<TableSnapshot> ReadLatestAsync(CancellationToken ct)
    {
        var v = await _log.LatestAsync(ct).ConfigureAwait(false);
        if (v == 0) throw new StrataNotFoundException($"table {TableId} has no committed version.");
        var cached = _latest;
        if (cached is not null && cached.Version == v) return cached;
        var snap = await ReadAsync(v, ct).ConfigureAwait(false);
        _latest = snap;
        return snap;
    }

    public async Task<TableSnapshot> ReadAsync(long version, CancellationToken ct)
    {
        var cached = _latest;
        if (cached is not null && cached.Version == version) return cached;
        var path = _log.PathOf(version);
        var bytes = await _log.TryReadAsync(version, ct).ConfigureAwait(false)
            ?? throw new StrataNotFoundException($"version {version} does not exist (it may have been cleaned up); list versions to see what is kept.");
        var m = FormatJson.ReadTableManifest(bytes, path);
        if (m.Version != version || m.TableId != TableId)
            throw new StrataCorruptDataException(path, $"the manifest says table {m.TableId} version {m.Version}.");
        return new TableSnapshot(m, path);
    }

    /// <summary>Commits the first version of a new table.</summary>
    public async Task<TableSnapshot> CreateAsync(TableManifest first, CancellationToken ct)
    {
        var m = first with { Version = 1, ParentVersion = null };
        if (!await _log.TryCommitAsync(1, FormatJson.Serialize(m), ct).ConfigureAwait(false))
            throw new StrataConflictException($"table {TableId} already has a first version.");
        var snap = new TableSnapshot(m, _log.PathOf(1));
        _latest = snap;
        return snap;
    }

    /// <summary>Commits a transaction, rebasing on concurrent commits; returns the committed snapshot.</summary>
    public async Task<TableSnapshot> CommitAsync(Transaction tx, string? processId, CancellationToken ct)
    {
        TableManifest? committed = null;
        try
        {
            for (var attempt = 0; attempt < _lake.Options.MaxCommitAttempts; attempt++)
            {
                var latest = await ReadLatestAsync(ct).ConfigureAwait(false);
                var built = await tx.BuildAsync(latest, ct).ConfigureAwait(false);
                var next = built with
                {
                    TableId = TableId,
                    Version = latest.Version + 1,
                    ParentVersion = latest.Version,
                    Timestamp = DateTimeOffset.UtcNow,
                    Author = _lake.Author,
                    Operation = tx.Operation,
                    ProcessId = processId ?? built.ProcessId,
                };
                ct.ThrowIfCancellationRequested();
                if (await _log.TryCommitAsync(next.Version, FormatJson.Serialize(next), ct).ConfigureAwait(false))
                {
                    committed = next;
                    var snap = new TableSnapshot(next, _log.PathOf(next.Version));
                    _latest = snap;
                    return snap;
                }
                await Backoff.DelayAsync(attempt, ct).ConfigureAwait(false);
            }
            throw new StrataConflictException(
                $"table {TableId} changed {_lake.Options.MaxCommitAttempts} times while committing '{tx.Operation.Kind}'; try again.");
        }
        finally
        {
            foreach (var f in tx.UnusedFiles(committed))
            {
                try { await _lake.Storage.DeleteAsync(f, CancellationToken.None).ConfigureAwait(false); }
                catch (IOException) { /* left for cleanup */ }
            }
        }
    }
}
