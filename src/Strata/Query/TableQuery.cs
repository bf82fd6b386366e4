using System.Globalization;
using System.Runtime.CompilerServices;
using Strata.Data;
using Strata.Format;
using Strata.Tables;

namespace Strata;

/// <summary>
/// A query over one table version: <c>Select</c> (columns, or name → SQL expression), <c>Where</c>
/// (SQL predicate), <c>Limit</c>, <c>Offset</c>, <c>WithRowId</c>, <c>Shuffle</c>. Results stream as
/// batches, rows or records. Builder methods return this object for chaining.
/// </summary>
public sealed class TableQuery
{
    private readonly Table _table;
    private readonly List<(string Name, string? Expression)> _select = [];
    private string? _where;
    private long? _limit;
    private long _offset;
    private bool _withRowId;
    private int? _shuffleSeed;

    internal TableQuery(Table table) => _table = table;

    /// <summary>Selects columns by name (default: all).</summary>
    public TableQuery Select(params string[] columns)
    {
        foreach (var c in columns)
        {
            if (!_table.Schema.Contains(c) && !c.Equals(FormatConstants.RowIdColumn, StringComparison.OrdinalIgnoreCase))
                throw new StrataNotFoundException($"column '{c}' does not exist in '{_table.Name}'; columns are: {string.Join(", ", _table.Schema.Fields.Select(f => f.Name))}.");
            _select.Add((c, null));
        }
        return this;
    }

    /// <summary>Selects computed columns: output name → SQL expression over the table's columns.</summary>
    public TableQuery Select(IReadOnlyDictionary<string, string> expressions)
    {
        foreach (var (name, expr) in expressions)
        {
            Names.ValidateColumn(name);
            _select.Add((name, Query.SqlGuard.Expression(expr, $"expression for '{name}'")));
        }
        return this;
    }

    /// <summary>Keeps rows matching the SQL predicate (combined with AND when called again).</summary>
    public TableQuery Where(string predicate)
    {
        Query.SqlGuard.Expression(predicate, "where clause");
        _where = _where is null ? predicate : $"({_where}) AND ({predicate})";
        return this;
    }

    /// <summary>At most <paramref name="limit"/> rows.</summary>
    public TableQuery Limit(long limit)
    {
        if (limit < 0) throw new StrataInvalidInputException("limit must not be negative.");
        _limit = limit;
        return this;
    }

    /// <summary>Skips the first <paramref name="offset"/> rows.</summary>
    public TableQuery Offset(long offset)
    {
        if (offset < 0) throw new StrataInvalidInputException("offset must not be negative.");
        _offset = offset;
        return this;
    }

    /// <summary>Adds the stable row id as column <c>_rowid</c>.</summary>
    public TableQuery WithRowId(bool withRowId = true)
    {
        _withRowId = withRowId;
        return this;
    }

    /// <summary>Returns rows in a pseudo-random order that is the same for the same seed.</summary>
    public TableQuery Shuffle(int seed = 0)
    {
        _shuffleSeed = seed;
        return this;
    }

    /// <summary>The SQL this query runs (for inspection).</summary>
    public Task<string> ToSqlAsync(CancellationToken cancellationToken = default) => BuildSqlAsync(count: false, cancellationToken);

    /// <summary>Streams the result as batches.</summary>
    public async IAsyncEnumerable<RecordBatch> ToBatchesAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var sql = await BuildSqlAsync(false, cancellationToken).ConfigureAwait(false);
        using var conn = _table.Lake.Engine.Connect();
        foreach (var batch in _table.Lake.RunEngine(conn.Query(sql)))
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return batch;
        }
    }

    /// <summary>The whole result as one batch.</summary>
    public async Task<RecordBatch> ToBatchAsync(CancellationToken cancellationToken = default)
    {
        var sql = await BuildSqlAsync(false, cancellationToken).ConfigureAwait(false);
        using var conn = _table.Lake.Engine.Connect();
        return _table.Lake.RunEngine(() => conn.QueryAll(sql));
    }

    /// <summary>Streams rows as dictionaries of column name → value.</summary>
    public async IAsyncEnumerable<IReadOnlyDictionary<string, object?>> ToRowsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var batch in ToBatchesAsync(cancellationToken).ConfigureAwait(false))
            foreach (var row in batch.Rows())
                yield return row;
    }

    /// <summary>Streams rows as records of <typeparamref name="T"/> (properties matched by name).</summary>
    public async IAsyncEnumerable<T> ToRecordsAsync<T>([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var batch in ToBatchesAsync(cancellationToken).ConfigureAwait(false))
            foreach (var r in batch.ToRecords<T>())
                yield return r;
    }

    /// <summary>Counts the rows the query would return.</summary>
    public async Task<long> CountAsync(CancellationToken cancellationToken = default)
    {
        var sql = await BuildSqlAsync(count: true, cancellationToken).ConfigureAwait(false);
        using var conn = _table.Lake.Engine.Connect();
        return Convert.ToInt64(_table.Lake.RunEngine(() => conn.QueryScalar(sql)), CultureInfo.InvariantCulture);
    }

    internal async Task<string> BuildSqlAsync(bool count, CancellationToken ct)
    {
        var snap = _table.Snapshot;
        var needRowId = _withRowId || _shuffleSeed is not null || _select.Any(s => s.Name.Equals(FormatConstants.RowIdColumn, StringComparison.OrdinalIgnoreCase) && s.Expression is null);
        var scan = await ScanPlanner.BuildAsync(_table.Lake.Storage, snap, null, needRowId, ct).ConfigureAwait(false);
        string projection;
        if (count) projection = "count(*)";
        else if (_select.Count == 0)
            projection = string.Join(", ", snap.Schema.Fields.Select(f => SqlNames.Quote(f.Name))
                .Concat(_withRowId ? [FormatConstants.RowIdColumn] : []));
        else
            projection = string.Join(", ", _select.Select(s => s.Expression is null ? SqlNames.Quote(s.Name) : $"({s.Expression}) AS {SqlNames.Quote(s.Name)}")
                .Concat(_withRowId && !_select.Any(s => s.Name.Equals(FormatConstants.RowIdColumn, StringComparison.OrdinalIgnoreCase)) ? [FormatConstants.RowIdColumn] : []));
        if (projection.Length == 0) projection = "NULL AS _empty";
        var sql = $"SELECT {projection} FROM ({scan}) AS __t";
        if (_where is not null) sql += $" WHERE ({_where})";
        if (_shuffleSeed is { } seed && !count)
            sql += $" ORDER BY hash({FormatConstants.RowIdColumn} + {seed.ToString(CultureInfo.InvariantCulture)})";
        if (count && (_limit is not null || _offset > 0))
            sql = $"SELECT count(*) FROM (SELECT 1 FROM ({scan}) AS __t{(_where is null ? "" : $" WHERE ({_where})")}{LimitClause()}) AS __c";
        else if (!count) sql += LimitClause();
        return sql;
    }

    private string LimitClause() =>
        (_limit is { } l ? $" LIMIT {l.ToString(CultureInfo.InvariantCulture)}" : "")
        + (_offset > 0 ? $" OFFSET {_offset.ToString(CultureInfo.InvariantCulture)}" : "");
}
