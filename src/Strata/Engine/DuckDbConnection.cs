using Strata.Data;

namespace Strata.Engine;

/// <summary>
/// One DuckDB connection: runs SQL, streams results as <see cref="RecordBatch"/>es and appends
/// batches to tables. Not thread-safe (one thread at a time), except <see cref="Interrupt"/>.
/// Parameters are positional (<c>$1</c>, <c>$2</c>, … or <c>?</c>) and may be null, bool, any
/// integer, float, double, decimal, string, byte[], DateOnly, DateTime or DateTimeOffset.
/// A streaming result stays valid when other statements run on the same connection: its
/// remaining rows are buffered first (DuckDB allows one open stream per connection).
/// </summary>
internal sealed partial class DuckDbConnection : IDisposable
{
    private readonly DuckDbConnectionHandle _handle;
    private DuckDbResultReader? _activeReader;

    internal DuckDbConnection(DuckDbDatabase database, DuckDbConnectionHandle handle)
    {
        Database = database;
        _handle = handle;
    }

    /// <summary>The database this connection belongs to.</summary>
    public DuckDbDatabase Database { get; }

    /// <summary>Runs one or more statements separated by ';' and discards any result.</summary>
    /// <exception cref="StrataQueryException">DuckDB rejected or failed a statement.</exception>
    public void Execute(string sql) => RunDirect(sql);

    /// <summary>Runs a statement and returns the number of rows it inserted, updated or deleted.</summary>
    /// <exception cref="StrataQueryException">DuckDB rejected or failed the statement.</exception>
    /// <exception cref="StrataInvalidInputException">A parameter value is of an unsupported type.</exception>
    public long ExecuteNonQuery(string sql, params object?[] parameters)
    {
        if (parameters is null || parameters.Length == 0) return RunDirect(sql);
        using var statement = Prepare(sql);
        return statement.ExecuteNonQuery(parameters);
    }

    /// <summary>The first column of the first row (null when there is no row or the value is null).</summary>
    public object? QueryScalar(string sql, params object?[] parameters)
    {
        using var statement = Prepare(sql);
        return statement.QueryScalar(parameters);
    }

    /// <summary>
    /// Streams the result chunk by chunk (one batch per DuckDB vector, up to
    /// <see cref="DuckDbDatabase.VectorSize"/> rows). The query runs when enumeration starts and
    /// again on each enumeration; stopping early closes it. Cancelling the token interrupts it.
    /// </summary>
    public IEnumerable<RecordBatch> Query(string sql, object?[]? parameters = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sql);
        return Stream();

        IEnumerable<RecordBatch> Stream()
        {
            using var reader = ExecuteReader(sql, parameters, cancellationToken);
            while (reader.Read() is { } batch) yield return batch;
        }
    }

    /// <summary>Runs a query now and returns a reader over its result (schema known before the first batch).</summary>
    public DuckDbResultReader ExecuteReader(string sql, object?[]? parameters = null, CancellationToken cancellationToken = default)
    {
        var statement = Prepare(sql);
        try
        {
            return statement.ExecuteReader(parameters, cancellationToken, ownsStatement: true);
        }
        catch
        {
            statement.Dispose();
            throw;
        }
    }

    /// <summary>The whole result as one batch (an empty batch of the result's schema when there are no rows).</summary>
    public RecordBatch QueryAll(string sql, params object?[] parameters)
    {
        using var reader = ExecuteReader(sql, parameters);
        return reader.ReadAll();
    }

    /// <summary>Prepares a statement for repeated execution with different parameters.</summary>
    /// <exception cref="StrataQueryException">DuckDB rejected the statement.</exception>
    public DuckDbPreparedStatement Prepare(string sql) => DuckDbPreparedStatement.Create(this, sql);

    /// <summary>Interrupts the query running on this connection (safe from any thread); the query fails with an interrupt error.</summary>
    public void Interrupt()
    {
        var added = false;
        try
        {
            _handle.DangerousAddRef(ref added);
            NativeMethods.duckdb_interrupt(_handle.DangerousGetHandle());
        }
        catch (ObjectDisposedException)
        {
            // Closed meanwhile: nothing left to interrupt.
        }
        finally
        {
            if (added) _handle.DangerousRelease();
        }
    }

    /// <summary>Closes the connection (and any result still streaming from it).</summary>
    public void Dispose()
    {
        _activeReader?.Dispose();
        _activeReader = null;
        _handle.Dispose();
    }

    /// <summary>
    /// The native handle, after making room for a new statement: a result still streaming on
    /// this connection is read to the end into memory first, because DuckDB closes it otherwise.
    /// </summary>
    internal nint BeginStatement()
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        var active = _activeReader;
        _activeReader = null;
        active?.BufferRemaining();
        return _handle.DangerousGetHandle();
    }

    /// <summary>Records the reader now streaming on this connection.</summary>
    internal void SetActive(DuckDbResultReader reader) => _activeReader = reader;

    /// <summary>Forgets a reader that finished or was disposed.</summary>
    internal void ClearActive(DuckDbResultReader reader)
    {
        if (ReferenceEquals(_activeReader, reader)) _activeReader = null;
    }

    /// <summary>Prepares a native statement; the caller owns the handle.</summary>
    internal DuckDbStatementHandle PrepareNative(string sql)
    {
        CheckSql(sql);
        var connection = BeginStatement();
        NativeMethods.duckdb_prepare(connection, sql, out var raw);
        var statement = new DuckDbStatementHandle(raw);
        var error = raw == 0 ? "DuckDB could not prepare the statement." : NativeMethods.Utf8(NativeMethods.duckdb_prepare_error(raw));
        if (error is not null)
        {
            statement.Dispose();
            throw DuckDbErrors.Query(error, "DuckDB could not prepare the statement.");
        }
        return statement;
    }

    private unsafe long RunDirect(string sql)
    {
        CheckSql(sql);
        var connection = BeginStatement();
        using var result = new DuckDbResultHandle();
        if (NativeMethods.duckdb_query(connection, sql, result.Result) != NativeMethods.Success)
            throw DuckDbErrors.Query(NativeMethods.Utf8(NativeMethods.duckdb_result_error(result.Result)), "DuckDB failed to run the statement.");
        return (long)NativeMethods.duckdb_rows_changed(result.Result);
    }

    private static void CheckSql(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        if (sql.Contains('\0', StringComparison.Ordinal))
            throw new StrataInvalidInputException("the SQL text contains a NUL character.");
    }
}
