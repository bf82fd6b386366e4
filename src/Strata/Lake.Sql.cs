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
        var db = await AttachTablesAsync(conn, sql, versions, cancellationToken).ConfigureAwait(false);
        try
        {
            foreach (var batch in RunEngine(conn.Query(sql)))
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
        var db = await AttachTablesAsync(conn, sql, versions, ct).ConfigureAwait(false);
        try
        {
            return RunEngine(() => conn.QueryAll(sql));
        }
        finally
        {
            conn.Execute("USE memory");
            conn.Execute($"DETACH {db}");
        }
    }

    /// <summary>
    /// Attaches a private in-memory database holding one view per table the query mentions (its name
    /// appears as a word in the SQL text), and makes it the default database of the connection.
    /// </summary>
    private async Task<string> AttachTablesAsync(DuckDbConnection conn, string sql, IReadOnlyDictionary<string, long>? versions, CancellationToken ct)
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
        var words = WordsOf(sql);
        foreach (var entry in catalog.Tables)
        {
            if (!words.Contains(entry.Name)) continue;
            var store = new ManifestStore(this, entry.TableId);
            var snap = pins.TryGetValue(entry.QualifiedName, out var pinned)
                ? await store.ReadAsync(pinned, ct).ConfigureAwait(false)
                : await store.ReadLatestAsync(ct).ConfigureAwait(false);
            var scan = await ScanPlanner.BuildAsync(Storage, snap, null, withRowId: false, ct).ConfigureAwait(false);
            var view = entry.Namespace.Count == 0
                ? SqlNames.Quote(entry.Name)
                : SqlNames.Quote(string.Join('.', entry.Namespace)) + "." + SqlNames.Quote(entry.Name);
            RunEngine(() =>
            {
                conn.Execute($"CREATE VIEW {view} AS {scan}");
                return 0;
            });
        }
        return db;
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
