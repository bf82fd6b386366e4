using System.Text;
using Strata.Data;

namespace Strata.Engine;

/// <summary>
/// A prepared statement: parsed and planned once, run many times with different parameters.
/// Parameters are bound by position, 1-based like <c>$1</c>. Result columns of types Strata
/// does not hold (ENUM, UUID, TIME, INTERVAL, UNION, BIT, …, also inside lists and structs) are
/// cast to text by DuckDB itself: such a statement is prepared as
/// <c>SELECT CAST(c AS VARCHAR) … FROM (original) q(c…)</c>, so the text is DuckDB's canonical form.
/// When parameters leave the result types open at prepare time, the decision is made after the
/// first execution: if the result has such columns, the statement is re-prepared with the cast,
/// the parameters are bound again and the query runs again (once; later runs use the cast form).
/// Statements that cannot be wrapped that way keep their shape and fail when read with a
/// message asking for a CAST.
/// </summary>
internal sealed class DuckDbPreparedStatement : IDisposable
{
    private readonly DuckDbConnection _connection;
    private readonly object?[] _bound;
    private DuckDbStatementHandle _handle;

    private DuckDbPreparedStatement(DuckDbConnection connection, DuckDbStatementHandle handle, string sql, bool castsResult)
    {
        _connection = connection;
        _handle = handle;
        Sql = sql;
        CastsResult = castsResult;
        ParameterCount = (int)NativeMethods.duckdb_nparams(handle.DangerousGetHandle());
        _bound = new object?[ParameterCount];
    }

    /// <summary>The SQL as given.</summary>
    public string Sql { get; }

    /// <summary>Number of parameters the statement takes.</summary>
    public int ParameterCount { get; }

    /// <summary>True when some result columns are cast to text (see the class remarks).</summary>
    public bool CastsResult { get; private set; }

    internal DuckDbStatementHandle Handle => _handle;

    internal static DuckDbPreparedStatement Create(DuckDbConnection connection, string sql)
    {
        var handle = connection.PrepareNative(sql);
        try
        {
            var raw = handle.DangerousGetHandle();
            var count = (int)NativeMethods.duckdb_prepared_statement_column_count(raw);
            var columns = new (string Name, DuckDbTypeInfo Type)[count];
            for (var i = 0; i < count; i++)
            {
                columns[i] = (NativeMethods.Utf8AndFree(NativeMethods.duckdb_prepared_statement_column_name(raw, (ulong)i)) ?? $"column{i}",
                              DuckDbTypeInfo.FromOwnedNative(NativeMethods.duckdb_prepared_statement_column_logical_type(raw, (ulong)i)));
            }
            if (columns.Any(c => !c.Type.IsNative && !c.Type.IsUndetermined))
            {
                var wrapped = TryPrepareCast(connection, sql, columns, (int)NativeMethods.duckdb_nparams(raw));
                if (wrapped is not null)
                {
                    handle.Dispose();
                    return new DuckDbPreparedStatement(connection, wrapped, sql, castsResult: true);
                }
            }
            return new DuckDbPreparedStatement(connection, handle, sql, castsResult: false);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    private static DuckDbStatementHandle? TryPrepareCast(DuckDbConnection connection, string sql,
        (string Name, DuckDbTypeInfo Type)[] columns, int parameterCount)
    {
        var body = SqlText.WithoutTerminator(sql);
        var select = new StringBuilder("SELECT ");
        for (var i = 0; i < columns.Length; i++)
        {
            if (i > 0) select.Append(", ");
            var inner = SqlNames.Quote($"__strata_c{i}");
            var (name, type) = columns[i];
            select.Append(type.IsNative || type.IsUndetermined ? inner : $"CAST({inner} AS {type.CastTarget()})")
                  .Append(" AS ").Append(SqlNames.Quote(name));
        }
        // The newlines keep a trailing line comment of the original from swallowing the ')'.
        select.Append(" FROM (\n").Append(body).Append("\n) AS \"__strata_q\"(")
              .AppendJoin(", ", Enumerable.Range(0, columns.Length).Select(i => SqlNames.Quote($"__strata_c{i}")))
              .Append(')');
        try
        {
            var wrapped = connection.PrepareNative(select.ToString());
            if ((int)NativeMethods.duckdb_nparams(wrapped.DangerousGetHandle()) == parameterCount) return wrapped;
            wrapped.Dispose();
        }
        catch (StrataQueryException)
        {
            // Not a query DuckDB can use as a subquery (PRAGMA, EXPLAIN, …): keep the original.
        }
        return null;
    }

    /// <summary>Binds one parameter; <paramref name="position"/> is 1-based, as in <c>$1</c>.</summary>
    /// <exception cref="StrataInvalidInputException">No such parameter, or a value of an unsupported type.</exception>
    public void Bind(int position, object? value)
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        if (position < 1 || position > ParameterCount)
            throw new StrataInvalidInputException($"parameter ${position} does not exist; the statement has {ParameterCount} parameter(s).");
        ParameterBinder.Bind(_handle.DangerousGetHandle(), position, value);
        _bound[position - 1] = value;
    }

    /// <summary>Clears all bound parameters.</summary>
    public void ClearBindings()
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        NativeMethods.duckdb_clear_bindings(_handle.DangerousGetHandle());
        Array.Clear(_bound);
    }

    /// <summary>Runs the statement with the given parameters (none given: the ones bound before) and returns the rows changed.</summary>
    public unsafe long ExecuteNonQuery(params object?[] parameters)
    {
        BindAll(parameters);
        _connection.BeginStatement();
        using var result = new DuckDbResultHandle();
        if (NativeMethods.duckdb_execute_prepared(_handle.DangerousGetHandle(), result.Result) != NativeMethods.Success)
            throw DuckDbErrors.Query(NativeMethods.Utf8(NativeMethods.duckdb_result_error(result.Result)), "DuckDB failed to run the statement.");
        return (long)NativeMethods.duckdb_rows_changed(result.Result);
    }

    /// <summary>Streams the result chunk by chunk (see <see cref="DuckDbConnection.Query"/>).</summary>
    public IEnumerable<RecordBatch> Query(object?[]? parameters = null, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        return Stream();

        IEnumerable<RecordBatch> Stream()
        {
            using var reader = ExecuteReader(parameters, cancellationToken);
            while (reader.Read() is { } batch) yield return batch;
        }
    }

    /// <summary>The whole result as one batch.</summary>
    public RecordBatch QueryAll(params object?[] parameters)
    {
        using var reader = ExecuteReader(parameters);
        return reader.ReadAll();
    }

    /// <summary>The first column of the first row, or null.</summary>
    public object? QueryScalar(params object?[] parameters)
    {
        using var reader = ExecuteReader(parameters);
        if (reader.Schema.Count == 0) return null;
        while (reader.Read() is { } batch)
            if (batch.RowCount > 0) return batch.Columns[0].GetValue(0);
        return null;
    }

    /// <summary>Runs the statement now and returns a streaming reader over its result.</summary>
    public DuckDbResultReader ExecuteReader(object?[]? parameters = null, CancellationToken cancellationToken = default) =>
        ExecuteReader(parameters, cancellationToken, ownsStatement: false);

    internal DuckDbResultReader ExecuteReader(object?[]? parameters, CancellationToken cancellationToken, bool ownsStatement)
    {
        BindAll(parameters);
        var result = Run(cancellationToken, out var registration);
        try
        {
            var (names, types) = DuckDbResultReader.Columns(result);
            if (!CastsResult && types.Any(t => !t.IsNative)
                && TryPrepareCast(_connection, Sql, names.Zip(types).ToArray(), ParameterCount) is { } wrapped)
            {
                // The result types were open at prepare time: switch to the cast form and run again.
                registration.Dispose();
                result.Dispose();
                _handle.Dispose();
                _handle = wrapped;
                CastsResult = true;
                Rebind();
                result = Run(cancellationToken, out registration);
                (names, types) = DuckDbResultReader.Columns(result);
            }
            var reader = new DuckDbResultReader(_connection, result, names, types, ownsStatement ? this : null, _handle, registration, cancellationToken);
            _connection.SetActive(reader);
            return reader;
        }
        catch
        {
            registration.Dispose();
            result.Dispose();
            throw;
        }
    }

    private unsafe DuckDbResultHandle Run(CancellationToken cancellationToken, out CancellationTokenRegistration registration)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _connection.BeginStatement();
        var statement = _handle.DangerousGetHandle();
        if (NativeMethods.duckdb_pending_prepared_streaming(statement, out var pending) != NativeMethods.Success)
        {
            var message = pending == 0 ? null : NativeMethods.Utf8(NativeMethods.duckdb_pending_error(pending));
            if (pending != 0) NativeMethods.duckdb_destroy_pending(ref pending);
            throw DuckDbErrors.Query(message, "DuckDB could not start the query.");
        }
        var result = new DuckDbResultHandle();
        registration = default;
        try
        {
            registration = cancellationToken.Register(static c => ((DuckDbConnection)c!).Interrupt(), _connection);
            var state = NativeMethods.duckdb_execute_pending(pending, result.Result);
            NativeMethods.duckdb_destroy_pending(ref pending);
            if (state != NativeMethods.Success)
            {
                var error = DuckDbErrors.Query(NativeMethods.Utf8(NativeMethods.duckdb_result_error(result.Result)), "DuckDB failed to run the query.");
                cancellationToken.ThrowIfCancellationRequested();
                throw error;
            }
            return result;
        }
        catch
        {
            if (pending != 0) NativeMethods.duckdb_destroy_pending(ref pending);
            registration.Dispose();
            registration = default;
            result.Dispose();
            throw;
        }
    }

    private void Rebind()
    {
        for (var i = 0; i < _bound.Length; i++) ParameterBinder.Bind(_handle.DangerousGetHandle(), i + 1, _bound[i]);
    }

    private void BindAll(object?[]? parameters)
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        if (parameters is null || (parameters.Length == 0 && ParameterCount > 0)) return; // keep earlier bindings
        if (parameters.Length != ParameterCount)
            throw new StrataInvalidInputException(
                $"the statement takes {ParameterCount} parameter(s) but {parameters.Length} value(s) were given.");
        NativeMethods.duckdb_clear_bindings(_handle.DangerousGetHandle());
        Array.Clear(_bound);
        for (var i = 0; i < parameters.Length; i++)
        {
            ParameterBinder.Bind(_handle.DangerousGetHandle(), i + 1, parameters[i]);
            _bound[i] = parameters[i];
        }
    }

    /// <summary>Releases the statement (a reader still open keeps it alive until it is disposed).</summary>
    public void Dispose() => _handle.Dispose();
}
