using System.Runtime.InteropServices;
using Strata.Data;

namespace Strata.Engine;

/// <summary>
/// Reads a streaming DuckDB result chunk by chunk, converting each chunk's vectors into a
/// <see cref="RecordBatch"/>. The schema is known before the first batch. Result column names
/// that repeat (which SQL allows) get a suffix (<c>a</c>, <c>a_1</c>, …) because a Strata schema
/// needs unique names. Dispose to close the query early.
/// </summary>
internal sealed unsafe class DuckDbResultReader : IDisposable
{
    private readonly DuckDbConnection _connection;
    private readonly VectorReader[] _readers;
    private readonly DuckDbPreparedStatement? _ownedStatement;
    private readonly SafeHandle _statement;
    private readonly CancellationToken _cancellationToken;
    private CancellationTokenRegistration _registration;
    private DuckDbResultHandle? _result;
    private bool _statementReferenced;
    private Queue<RecordBatch>? _buffered;
    private Exception? _bufferError;

    internal DuckDbResultReader(DuckDbConnection connection, DuckDbResultHandle result, string[] names, DuckDbTypeInfo[] types,
        DuckDbPreparedStatement? ownedStatement, SafeHandle statement, CancellationTokenRegistration registration,
        CancellationToken cancellationToken)
    {
        _connection = connection;
        _ownedStatement = ownedStatement;
        _statement = statement;
        _cancellationToken = cancellationToken;
        // The running query uses the statement: keep it alive even if its owner disposes it.
        statement.DangerousAddRef(ref _statementReferenced);
        var count = names.Length;
        names = UniqueNames(names);
        try
        {
            _readers = new VectorReader[count];
            for (var i = 0; i < count; i++) _readers[i] = VectorReader.Create(types[i], names[i]);
            Schema = new Schema(_readers.Select((r, i) => new Field(names[i], r.Type)));
        }
        catch
        {
            if (_statementReferenced) statement.DangerousRelease();
            throw;
        }
        _result = result;
        _registration = registration;
    }

    /// <summary>The names and types of a result's columns, as DuckDB reports them.</summary>
    internal static (string[] Names, DuckDbTypeInfo[] Types) Columns(DuckDbResultHandle result)
    {
        var count = (int)NativeMethods.duckdb_column_count(result.Result);
        var names = new string[count];
        var types = new DuckDbTypeInfo[count];
        for (var i = 0; i < count; i++)
        {
            names[i] = NativeMethods.Utf8(NativeMethods.duckdb_column_name(result.Result, (ulong)i)) ?? $"column{i}";
            types[i] = DuckDbTypeInfo.FromOwnedNative(NativeMethods.duckdb_column_logical_type(result.Result, (ulong)i));
        }
        return (names, types);
    }

    /// <summary>The result's schema.</summary>
    public Schema Schema { get; }

    /// <summary>The next non-empty batch, or null at the end.</summary>
    /// <exception cref="StrataQueryException">The query failed while running.</exception>
    /// <exception cref="OperationCanceledException">The query was cancelled through its token.</exception>
    public RecordBatch? Read()
    {
        if (_buffered is not null)
        {
            if (_buffered.TryDequeue(out var b)) return b;
            if (_bufferError is { } e)
            {
                _bufferError = null;
                throw e;
            }
            return null;
        }
        return Fetch();
    }

    /// <summary>All remaining rows as one batch (an empty batch of <see cref="Schema"/> when none remain).</summary>
    public RecordBatch ReadAll()
    {
        var batches = new List<RecordBatch>();
        while (Read() is { } batch) batches.Add(batch);
        return batches.Count == 0 ? RecordBatch.Empty(Schema) : BatchConcat.Concat(Schema, batches);
    }

    /// <summary>Reads the rest of the result into memory so the connection can run another statement.</summary>
    internal void BufferRemaining()
    {
        if (_result is null || _buffered is not null) return;
        _buffered = new Queue<RecordBatch>();
        try
        {
            while (Fetch() is { } batch) _buffered.Enqueue(batch);
        }
        catch (Exception e) when (e is StrataException or OperationCanceledException)
        {
            _bufferError = e;
        }
    }

    private RecordBatch? Fetch()
    {
        while (_result is not null)
        {
            if (_cancellationToken.IsCancellationRequested)
            {
                Finish();
                _cancellationToken.ThrowIfCancellationRequested();
            }
            var chunk = NativeMethods.duckdb_fetch_chunk(*_result.Result);
            if (chunk == 0)
            {
                var message = NativeMethods.Utf8(NativeMethods.duckdb_result_error(_result.Result));
                Finish();
                if (message is null) return null;
                _cancellationToken.ThrowIfCancellationRequested();
                throw DuckDbErrors.Query(message, "DuckDB failed while running the query.");
            }
            try
            {
                var size = (int)NativeMethods.duckdb_data_chunk_get_size(chunk);
                if (size == 0) continue;
                var columns = new Column[_readers.Length];
                var rows = new RowSelection(0, size);
                for (var c = 0; c < _readers.Length; c++)
                    columns[c] = _readers[c].Read(NativeMethods.duckdb_data_chunk_get_vector(chunk, (ulong)c), rows);
                return new RecordBatch(Schema, columns);
            }
            finally
            {
                NativeMethods.duckdb_destroy_data_chunk(ref chunk);
            }
        }
        return null;
    }

    /// <summary>
    /// The next non-empty chunk as DuckDB produced it, unconverted (the caller destroys it with
    /// <c>duckdb_destroy_data_chunk</c>), or 0 at the end.
    /// </summary>
    /// <exception cref="StrataQueryException">The query failed while running.</exception>
    internal nint FetchNative()
    {
        while (_result is not null)
        {
            if (_cancellationToken.IsCancellationRequested)
            {
                Finish();
                _cancellationToken.ThrowIfCancellationRequested();
            }
            var chunk = NativeMethods.duckdb_fetch_chunk(*_result.Result);
            if (chunk == 0)
            {
                var message = NativeMethods.Utf8(NativeMethods.duckdb_result_error(_result.Result));
                Finish();
                if (message is null) return 0;
                _cancellationToken.ThrowIfCancellationRequested();
                throw DuckDbErrors.Query(message, "DuckDB failed while running the query.");
            }
            if (NativeMethods.duckdb_data_chunk_get_size(chunk) > 0) return chunk;
            NativeMethods.duckdb_destroy_data_chunk(ref chunk);
        }
        return 0;
    }

    private static string[] UniqueNames(string[] names)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var result = new string[names.Length];
        for (var i = 0; i < names.Length; i++)
        {
            var name = names[i];
            for (var n = 1; !seen.Add(name); n++) name = $"{names[i]}_{n}";
            result[i] = name;
        }
        return result;
    }

    private void Finish()
    {
        _registration.Dispose();
        _registration = default;
        _result?.Dispose();
        _result = null;
        if (_statementReferenced)
        {
            _statementReferenced = false;
            _statement.DangerousRelease();
        }
        _ownedStatement?.Dispose();
        _connection.ClearActive(this);
    }

    /// <summary>Closes the result (stopping the query if it still runs).</summary>
    public void Dispose()
    {
        Finish();
        _buffered?.Clear();
    }
}
