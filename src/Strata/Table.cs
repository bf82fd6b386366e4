using Strata.Catalog;
using Strata.Data;
using Strata.Format;
using Strata.Tables;

namespace Strata;

/// <summary>
/// A versioned table of the lake. A table object opened at the latest version follows its own
/// writes (each write commits a new version and moves the object to it); one opened at a past
/// version (time travel) is read-only. Thread-safe for reads; writes from many threads or processes
/// are serialized by optimistic commits.
/// </summary>
public sealed partial class Table
{
    private readonly ManifestStore _store;
    private volatile TableSnapshot _snapshot;

    internal Table(Lake lake, CatalogEntry entry, ManifestStore store, TableSnapshot snapshot, bool readOnly)
    {
        Lake = lake;
        Entry = entry;
        _store = store;
        _snapshot = snapshot;
        IsReadOnly = readOnly;
    }

    /// <summary>The lake that holds the table.</summary>
    public Lake Lake { get; }

    /// <summary>The table's qualified name (<c>ns.name</c> or <c>name</c>).</summary>
    public string Name => Entry.QualifiedName;

    /// <summary>The table's permanent id (its folder under <c>tables/</c>).</summary>
    public string Id => Entry.TableId;

    /// <summary>The version this object reads.</summary>
    public long Version => _snapshot.Version;

    /// <summary>The schema at <see cref="Version"/>.</summary>
    public Schema Schema => _snapshot.Schema;

    /// <summary>True when opened at a past version: writes are refused.</summary>
    public bool IsReadOnly { get; }

    /// <summary>The table's description (catalog entry, or the version's own).</summary>
    public string? Description => _snapshot.Manifest.Description ?? Entry.Description;

    /// <summary>Rows at <see cref="Version"/> (deleted rows excluded).</summary>
    public long RowCount => _snapshot.Manifest.LiveRowCount();

    /// <summary>Number of fragments at <see cref="Version"/>.</summary>
    public int FragmentCount => _snapshot.Manifest.Fragments.Count;

    internal CatalogEntry Entry { get; }
    internal TableSnapshot Snapshot => _snapshot;
    internal ManifestStore Store => _store;

    /// <summary>The newest committed version (may be ahead of <see cref="Version"/>).</summary>
    public async Task<long> GetLatestVersionAsync(CancellationToken cancellationToken = default) =>
        await _store.Log.LatestAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>Moves this object to the newest version (not allowed on a read-only object).</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken = default)
    {
        EnsureWritable();
        _snapshot = await _store.ReadLatestAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A read-only view of the table at <paramref name="version"/> (time travel).</summary>
    /// <exception cref="StrataNotFoundException">No such version.</exception>
    public async Task<Table> CheckoutAsync(long version, CancellationToken cancellationToken = default)
    {
        var snap = await _store.ReadAsync(version, cancellationToken).ConfigureAwait(false);
        return new Table(Lake, Entry, _store, snap, readOnly: true);
    }

    /// <summary>A writable object at the newest version.</summary>
    public async Task<Table> CheckoutLatestAsync(CancellationToken cancellationToken = default)
    {
        var snap = await _store.ReadLatestAsync(cancellationToken).ConfigureAwait(false);
        return new Table(Lake, Entry, _store, snap, readOnly: false);
    }

    /// <summary>Counts rows, optionally only those matching a SQL predicate.</summary>
    public async Task<long> CountRowsAsync(string? where = null, CancellationToken cancellationToken = default)
    {
        if (where is null) return RowCount;
        return await Query().Where(where).CountAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Starts a query (select, where, limit, offset, row ids, shuffle) over this version.</summary>
    public TableQuery Query() => new(this);

    /// <summary>Alias of <see cref="Query"/>, after Geneva's <c>search()</c>.</summary>
    public TableQuery Search() => Query();

    /// <summary>All rows as a stream of batches.</summary>
    public IAsyncEnumerable<RecordBatch> ToBatchesAsync(CancellationToken cancellationToken = default) =>
        Query().ToBatchesAsync(cancellationToken);

    /// <summary>All rows in one batch.</summary>
    public Task<RecordBatch> ToBatchAsync(CancellationToken cancellationToken = default) => Query().ToBatchAsync(cancellationToken);

    internal void EnsureWritable()
    {
        if (IsReadOnly)
            throw new StrataReadOnlyException(
                $"table '{Name}' is open read-only at version {Version}; open the latest version (CheckoutLatestAsync) to write, or restore this version.");
    }

    internal async Task<TableSnapshot> CommitAsync(Transaction tx, CancellationToken ct)
    {
        EnsureWritable();
        var snap = await _store.CommitAsync(tx, null, ct).ConfigureAwait(false);
        _snapshot = snap;
        return snap;
    }

    /// <inheritdoc />
    public override string ToString() => $"{Name} v{Version} ({RowCount} rows; {Schema})";
}
