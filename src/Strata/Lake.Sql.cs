using System.Runtime.CompilerServices;
using Strata.Catalog;
using Strata.Data;
using Strata.Engine;
using Strata.Query;
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
        var conn = SqlPool.Rent();
        var reusable = false;
        try
        {
            await PrepareViewsAsync(conn, sql, versions, cancellationToken).ConfigureAwait(false);
            foreach (var batch in RunEngine(conn.Connection.Query(sql)))
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return batch;
            }
            reusable = SqlViewPool.IsReadOnlyStatement(sql);
        }
        finally
        {
            SqlPool.Return(conn, reusable);
        }
    }

    private async Task<RecordBatch> EmptyResultAsync(string sql, IReadOnlyDictionary<string, long>? versions, CancellationToken ct)
    {
        var conn = SqlPool.Rent();
        var reusable = false;
        try
        {
            await PrepareViewsAsync(conn, sql, versions, ct).ConfigureAwait(false);
            var result = RunEngine(() => conn.Connection.QueryAll(sql));
            reusable = SqlViewPool.IsReadOnlyStatement(sql);
            return result;
        }
        finally
        {
            SqlPool.Return(conn, reusable);
        }
    }

    /// <summary>
    /// Brings the connection's view database up to date for the query: one view per table the query
    /// mentions (its name appears as a word in the SQL text), over its newest or pinned version. A view
    /// already over that version is kept as it is; views of tables that were dropped or renamed are dropped.
    /// </summary>
    private async Task PrepareViewsAsync(SqlViewConnection conn, string sql, IReadOnlyDictionary<string, long>? versions, CancellationToken ct)
    {
        var catalog = await Catalog.ReadLatestAsync(ct).ConfigureAwait(false);
        var pins = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase);
        if (versions is not null)
            foreach (var (name, v) in versions)
            {
                if (CatalogStore.Find(catalog, TableName.Parse(name)) is null) throw new StrataNotFoundException($"table '{name}' does not exist.");
                pins[TableName.Parse(name).ToString()] = v;
            }
        foreach (var ns in catalog.Namespaces)
            conn.EnsureSchema(SqlNames.Quote(string.Join('.', ns)));
        var words = WordsOf(sql);
        var current = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in catalog.Tables)
        {
            var view = entry.Namespace.Count == 0
                ? SqlNames.Quote(entry.Name)
                : SqlNames.Quote(string.Join('.', entry.Namespace)) + "." + SqlNames.Quote(entry.Name);
            current.Add(view);
            if (!words.Contains(entry.Name)) continue;
            var store = new ManifestStore(this, entry.TableId);
            // A pinned version is read (from the cache, with an existence check) even when its view is there: cleanup may have removed it.
            var snap = pins.TryGetValue(entry.QualifiedName, out var pinned) ? await store.ReadAsync(pinned, ct).ConfigureAwait(false) : null;
            var version = snap?.Version ?? await store.LatestVersionAsync(ct).ConfigureAwait(false);
            if (conn.HasView(view, entry.TableId, version)) continue;
            snap ??= await store.ReadAsync(version, ct).ConfigureAwait(false);
            var scan = await ScanPlanner.BuildAsync(Storage, snap, null, withRowId: false, ct).ConfigureAwait(false);
            RunEngine(() =>
            {
                conn.SetView(view, entry.TableId, version, scan);
                return 0;
            });
        }
        conn.DropViewsExcept(current);
    }

    private static HashSet<string> WordsOf(string sql)
    {
        var words = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var start = -1;
        for (var i = 0; i <= sql.Length; i++)
        {
            var inWord = i < sql.Length && (char.IsLetterOrDigit(sql[i]) || sql[i] is '_' or '-');
            if (inWord && start < 0) start = i;
            else if (!inWord && start >= 0)
            {
                words.Add(sql[start..i]);
                start = -1;
            }
        }
        return words;
    }
}
