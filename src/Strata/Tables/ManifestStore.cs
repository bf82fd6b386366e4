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

    /// <summary>The newest committed version's number.</summary>
    /// <exception cref="StrataNotFoundException">The table has no committed version.</exception>
    public async Task<long> LatestVersionAsync(CancellationToken ct)
    {
        var v = await _log.LatestAsync(ct).ConfigureAwait(false);
        if (v == 0) throw new StrataNotFoundException($"table {TableId} has no committed version.");
        return v;
    }

    public async Task<TableSnapshot> ReadLatestAsync(CancellationToken ct)
    {
        var v = await LatestVersionAsync(ct).ConfigureAwait(false);
        // LatestAsync has just seen the version's manifest, so a cached parse of it can be used as it is.
        return await ReadCoreAsync(v, seenToExist: true, ct).ConfigureAwait(false);
    }

    public Task<TableSnapshot> ReadAsync(long version, CancellationToken ct) => ReadCoreAsync(version, seenToExist: false, ct);

    private async Task<TableSnapshot> ReadCoreAsync(long version, bool seenToExist, CancellationToken ct)
    {
        var cached = _latest;
        if (cached is not null && cached.Version == version) return cached;
        var path = _log.PathOf(version);
        if (_lake.Manifests.TryGet(TableId, version, out var shared))
        {
            // Cleanup may have removed the version since it was cached.
            if (seenToExist || await _lake.Storage.ExistsAsync(path, ct).ConfigureAwait(false)) return Keep(shared);
            _lake.Manifests.Remove(TableId, version);
        }
        var bytes = await _log.TryReadAsync(version, ct).ConfigureAwait(false)
            ?? throw new StrataNotFoundException($"version {version} does not exist (it may have been cleaned up); list versions to see what is kept.");
        var m = FormatJson.ReadTableManifest(bytes, path);
        if (m.Version != version || m.TableId != TableId)
            throw new StrataCorruptDataException(path, $"the manifest says table {m.TableId} version {m.Version}.");
        var snap = new TableSnapshot(m, path);
        _lake.Manifests.Add(TableId, snap);
        return Keep(snap);
    }

    /// <summary>Remembers the newest snapshot this store has seen (commits build on it).</summary>
    private TableSnapshot Keep(TableSnapshot snap)
    {
        if (_latest is not { } l || snap.Version > l.Version) _latest = snap;
        return snap;
    }

    /// <summary>Commits the first version of a new table.</summary>
    public async Task<TableSnapshot> CreateAsync(TableManifest first, CancellationToken ct)
    {
        var m = first with { Version = 1, ParentVersion = null };
        if (!await _log.TryCommitAsync(1, FormatJson.Serialize(m), ct).ConfigureAwait(false))
            throw new StrataConflictException($"table {TableId} already has a first version.");
        var snap = new TableSnapshot(m, _log.PathOf(1));
        _latest = snap;
        _lake.Manifests.Add(TableId, snap);
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
                    _lake.Manifests.Add(TableId, snap);
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
