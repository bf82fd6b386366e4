using System.Runtime.CompilerServices;
using Strata.Catalog;
using Strata.Data;
using Strata.Engine;
using Strata.Tables;

namespace Strata;

public sealed partial class Lake
{
    /// <summary>
    /// Runs any DuckDB SQL (joins, aggregates, window functions …) over the lake's tables by name. Each
    /// table is read at its newest version when the call starts, or at the version given in
    /// <paramref name="versions"/> (name → version). Namespaced tables are <c>ns.table</c>.
    /// </summary>
    public async Task<RecordBatch> SqlAsync(string sql, IReadOnlyDictionary<string, long>? versions = null, CancellationToken cancellationToken = default)
    {
        var batches = new List<RecordBatch>();
        await foreach (var b in SqlBatchesAsync(sql, versions, cancellationToken).ConfigureAwait(false)) batches.Add(b);
        return batches.Count == 0 ? await EmptyResultAsync(sql, versions, cancellationToken).ConfigureAwait(false) : RecordBatch.Concat(batches);
    }

    /// <summary>Like <see cref="SqlAsync"/>, streaming the result as batches.</summary>
    public async IAsyncEnumerable<RecordBatch> SqlBatchesAsync(string sql, IReadOnlyDictionary<string, long>? versions = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(sql)) throw new StrataInvalidInputException("the SQL query is empty.");
        using var conn = Engine.Connect();
        var db = await AttachTablesAsync(conn, versions, cancellationToken).ConfigureAwait(false);
        try
        {
            foreach (var batch in conn.Query(sql))
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return batch;
            }
        }
        finally
        {
            conn.Execute("USE memory");
            conn.Execute($"DETACH {db}");
        }
    }

    private async Task<RecordBatch> EmptyResultAsync(string sql, IReadOnlyDictionary<string, long>? versions, CancellationToken ct)
    {
        using var conn = Engine.Connect();
        var db = await AttachTablesAsync(conn, versions, ct).ConfigureAwait(false);
        try
        {
            return conn.QueryAll(sql);
        }
        finally
        {
            conn.Execute("USE memory");
            conn.Execute($"DETACH {db}");
        }
    }

    /// <summary>Attaches a private in-memory database holding one view per table, and makes it the default.</summary>
    private async Task<string> AttachTablesAsync(DuckDbConnection conn, IReadOnlyDictionary<string, long>? versions, CancellationToken ct)
    {
        var catalog = await Catalog.ReadLatestAsync(ct).ConfigureAwait(false);
        var pins = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase);
        if (versions is not null)
            foreach (var (name, v) in versions)
            {
                if (CatalogStore.Find(catalog, TableName.Parse(name)) is null) throw new StrataNotFoundException($"table '{name}' does not exist.");
                pins[TableName.Parse(name).ToString()] = v;
            }
        var db = SqlNames.Quote("__sql_" + Ids.Random(6));
        conn.Execute($"ATTACH ':memory:' AS {db}");
        conn.Execute($"USE {db}");
        foreach (var ns in catalog.Namespaces)
            conn.Execute($"CREATE SCHEMA IF NOT EXISTS {SqlNames.Quote(string.Join('.', ns))}");
        foreach (var entry in catalog.Tables)
        {
            var store = new ManifestStore(this, entry.TableId);
            var snap = pins.TryGetValue(entry.QualifiedName, out var pinned)
                ? await store.ReadAsync(pinned, ct).ConfigureAwait(false)
                : await store.ReadLatestAsync(ct).ConfigureAwait(false);
            var scan = await ScanPlanner.BuildAsync(Storage, snap, null, withRowId: false, ct).ConfigureAwait(false);
            var view = entry.Namespace.Count == 0
                ? SqlNames.Quote(entry.Name)
                : SqlNames.Quote(string.Join('.', entry.Namespace)) + "." + SqlNames.Quote(entry.Name);
            conn.Execute($"CREATE VIEW {view} AS {scan}");
        }
        return db;
    }
}
