using Strata.Catalog;
using Strata.Format;
using Strata.Vault.Model;

namespace Strata.Vault;

public sealed partial class Vault
{
    internal async Task<T?> TryReadAsync<T>(string path, CancellationToken ct) where T : class, IVaultRecord
    {
        if (!await _storage.ExistsAsync(path, ct).ConfigureAwait(false)) return null;
        return VaultJson.Deserialize<T>(await _storage.ReadAllBytesAsync(path, ct).ConfigureAwait(false), path);
    }

    internal Task WriteAsync<T>(string path, T record, CancellationToken ct) => _storage.WriteAsync(path, VaultJson.Serialize(record), ct);

    /// <summary>A vault table by name: its catalog entry and its vault record.</summary>
    /// <exception cref="StrataNotFoundException">No such table, or it is a plain lake table.</exception>
    internal async Task<(CatalogEntry Entry, TableRecord Record)> ResolveTableAsync(string name, CancellationToken ct, bool allowDeleted = false)
    {
        VaultNames.Table(name);
        var catalog = await Lake.Catalog.ReadLatestAsync(ct).ConfigureAwait(false);
        var entry = CatalogStore.Find(catalog, TableName.Parse(name))
            ?? throw new StrataNotFoundException($"vault table '{name}' does not exist in {Location}; create it with CreateTableAsync.");
        var record = await TryReadAsync<TableRecord>(VaultPaths.TableRecord(entry.TableId), ct).ConfigureAwait(false)
            ?? throw new StrataNotFoundException($"table '{name}' is a lake table, not a vault table; create vault tables with Vault.CreateTableAsync.");
        if (record.Deleted && !allowDeleted)
            throw new StrataNotFoundException($"vault table '{name}' was deleted (its metadata is kept); create a table with another name.");
        return (entry, record);
    }

    internal async Task<CatalogEntry> EntryByIdAsync(string tableId, CancellationToken ct)
    {
        var catalog = await Lake.Catalog.ReadLatestAsync(ct).ConfigureAwait(false);
        return catalog.Tables.FirstOrDefault(t => t.TableId == tableId)
            ?? throw new StrataNotFoundException($"table {tableId} is no longer in the lake's catalog.");
    }

    /// <summary>Every instance record of a table, in materialization order.</summary>
    internal async Task<List<InstanceRecord>> ListInstanceRecordsAsync(string tableId, CancellationToken ct)
    {
        var result = new List<InstanceRecord>();
        await foreach (var e in _storage.ListAsync(VaultPaths.Instances(tableId), ct).ConfigureAwait(false))
        {
            if (!e.Path.EndsWith(".json", StringComparison.Ordinal)) continue;
            result.Add(VaultJson.Deserialize<InstanceRecord>(await _storage.ReadAllBytesAsync(e.Path, ct).ConfigureAwait(false), e.Path));
        }
        return result.OrderBy(r => r.TableVersion).ToList();
    }

    /// <summary>The local absolute path of a lake-relative path.</summary>
    internal string LocalPath(string path) => VaultPaths.Local(Location, path);

    private static string Bool(bool b) => b ? "true" : "false";
}
