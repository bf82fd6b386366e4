using Strata.Data;

namespace Strata.Engine;

/// <summary>
/// Bulk-loads batches into a DuckDB table through the appender, fed with data chunks of up to
/// <see cref="DuckDbDatabase.VectorSize"/> rows whose vectors are filled by block copies
/// (see <see cref="VectorWriter"/>). Columns are matched by position; DuckDB casts a chunk
/// column whose type differs from the table's. Rows become visible after <see cref="Flush"/>
/// or <see cref="Close"/>; Dispose closes (and flushes) unless an append already failed.
/// </summary>
internal sealed class DuckDbAppender : IDisposable
{
    private readonly DuckDbConnection _connection;
    private readonly DuckDbAppenderHandle _handle;
    private readonly VectorWriter _writer = new();
    private readonly string _table;
    private nint _chunk;
    private DataType[]? _chunkTypes;
    private bool _failed;

    internal DuckDbAppender(DuckDbConnection connection, string table, string? schema)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (table.Contains('\0', StringComparison.Ordinal) || (schema?.Contains('\0', StringComparison.Ordinal) ?? false))
            throw new StrataInvalidInputException("the table name contains a NUL character.");
        _connection = connection;
        _table = schema is null ? table : $"{schema}.{table}";
        var raw = connection.BeginStatement();
        var state = NativeMethods.duckdb_appender_create(raw, schema, table, out var appender);
        _handle = new DuckDbAppenderHandle(appender);
        if (state != NativeMethods.Success)
        {
            var message = appender == 0 ? null : NativeMethods.Utf8(NativeMethods.duckdb_appender_error(appender));
            _handle.Dispose();
            throw DuckDbErrors.Query(message, $"DuckDB could not open an appender on table '{_table}'.");
        }
    }

    /// <summary>Rows appended so far.</summary>
    public long RowCount { get; private set; }

    /// <summary>Appends all rows of <paramref name="batch"/>.</summary>
    /// <exception cref="StrataQueryException">DuckDB rejected the rows (column count, constraint, cast).</exception>
    /// <exception cref="StrataInvalidInputException">A value cannot be represented (e.g. a decimal wider than its column).</exception>
    public void Append(RecordBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        if (batch.RowCount == 0) return;
        var chunk = ChunkFor(batch.Schema);
        var vectorSize = DuckDbDatabase.VectorSize;
        try
        {
            for (var offset = 0; offset < batch.RowCount; offset += vectorSize)
            {
                var count = Math.Min(vectorSize, batch.RowCount - offset);
                NativeMethods.duckdb_data_chunk_reset(chunk);
                for (var c = 0; c < batch.Columns.Count; c++)
                    _writer.Write(NativeMethods.duckdb_data_chunk_get_vector(chunk, (ulong)c), batch.Columns[c], offset, count);
                NativeMethods.duckdb_data_chunk_set_size(chunk, (ulong)count);
                _connection.BeginStatement();
                if (NativeMethods.duckdb_append_data_chunk(_handle.DangerousGetHandle(), chunk) != NativeMethods.Success)
                    throw Error("DuckDB rejected the appended rows.");
                RowCount += count;
            }
        }
        catch
        {
            _failed = true;
            throw;
        }
    }

    /// <summary>Writes the appended rows to the table.</summary>
    public void Flush()
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        _connection.BeginStatement();
        if (NativeMethods.duckdb_appender_flush(_handle.DangerousGetHandle()) != NativeMethods.Success)
        {
            _failed = true;
            throw Error("DuckDB could not write the appended rows.");
        }
    }

    /// <summary>Flushes and closes the appender.</summary>
    public void Close()
    {
        if (_handle.IsClosed) return;
        try
        {
            _connection.BeginStatement();
            if (NativeMethods.duckdb_appender_close(_handle.DangerousGetHandle()) != NativeMethods.Success)
            {
                _failed = true;
                throw Error("DuckDB could not write the appended rows.");
            }
        }
        finally
        {
            Release();
        }
    }

    /// <summary>Closes the appender, flushing unless an append failed (then the pending rows are dropped).</summary>
    public void Dispose()
    {
        if (_handle.IsClosed) return;
        if (_failed) Release();
        else Close();
    }

    private StrataQueryException Error(string fallback) =>
        DuckDbErrors.Query(NativeMethods.Utf8(NativeMethods.duckdb_appender_error(_handle.DangerousGetHandle())) is { } m
            ? $"appending to '{_table}': {m}" : null, fallback);

    private unsafe nint ChunkFor(Schema schema)
    {
        var types = schema.Fields.Select(f => f.Type).ToArray();
        if (_chunk != 0 && _chunkTypes is not null && _chunkTypes.SequenceEqual(types)) return _chunk;
        FreeChunk();
        var logical = new nint[types.Length];
        try
        {
            for (var i = 0; i < types.Length; i++) logical[i] = LogicalTypes.Create(types[i]);
            fixed (nint* p = logical) _chunk = NativeMethods.duckdb_create_data_chunk(p, (ulong)types.Length);
        }
        finally
        {
            for (var i = 0; i < logical.Length; i++)
                if (logical[i] != 0) NativeMethods.duckdb_destroy_logical_type(ref logical[i]);
        }
        if (_chunk == 0) throw new StrataQueryException("DuckDB could not create a data chunk.");
        _chunkTypes = types;
        return _chunk;
    }

    private void FreeChunk()
    {
        if (_chunk != 0) NativeMethods.duckdb_destroy_data_chunk(ref _chunk);
        _chunk = 0;
        _chunkTypes = null;
    }

    private void Release()
    {
        FreeChunk();
        _handle.Dispose();
    }
}
