using Strata.Format;

namespace Strata.Catalog;

/// <summary>
/// Reads and commits the lake's catalog. A change is a pure function of the latest catalog, so a
/// commit that loses a race simply re-reads and re-applies it; the function throws when the change no
/// longer makes sense (the name was taken or dropped meanwhile).
/// </summary>
internal sealed class CatalogStore(Lake lake)
{
    private readonly VersionLog _log = new(lake.Storage, FormatConstants.CatalogVersionsFolder);
    private volatile CatalogManifest? _cached;

    public async Task<CatalogManifest> ReadLatestAsync(CancellationToken ct)
    {
        var v = await _log.LatestAsync(ct).ConfigureAwait(false);
        if (v == 0) return Empty();
        var cached = _cached;
        if (cached is not null && cached.Version == v) return cached;
        var bytes = await _log.TryReadAsync(v, ct).ConfigureAwait(false)
            ?? throw new StrataCorruptDataException(_log.PathOf(v), "the catalog version vanished while reading; retry.");
        var m = FormatJson.ReadCatalog(bytes, _log.PathOf(v));
        _cached = m;
        return m;
    }

    public async Task<CatalogManifest> CommitAsync(OperationRecord operation, Func<CatalogManifest, CatalogManifest> change, CancellationToken ct)
    {
        for (var attempt = 0; attempt < lake.Options.MaxCommitAttempts; attempt++)
        {
            var latest = await ReadLatestAsync(ct).ConfigureAwait(false);
            var next = change(latest) with
            {
                Version = latest.Version + 1,
                Timestamp = DateTimeOffset.UtcNow,
                Author = lake.Author,
                Operation = operation,
            };
            if (await _log.TryCommitAsync(next.Version, FormatJson.Serialize(next), ct).ConfigureAwait(false))
            {
                _cached = next;
                return next;
            }
            await Backoff.DelayAsync(attempt, ct).ConfigureAwait(false);
        }
        throw new StrataConflictException($"the catalog changed {lake.Options.MaxCommitAttempts} times while committing '{operation.Kind}'; try again.");
    }

    public static CatalogEntry? Find(CatalogManifest catalog, TableName name) =>
        catalog.Tables.FirstOrDefault(t => name.Matches(t));

    private CatalogManifest Empty() => new()
    {
        Version = 0,
        Timestamp = lake.Marker.CreatedAt,
        Author = lake.Marker.Author,
        Operation = new OperationRecord("init"),
        Tables = [],
    };
}
