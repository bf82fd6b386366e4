using Strata.Data;

namespace Strata.Engine;

/// <summary>
/// The read position of one <see cref="BatchTableFunction"/> scan: fills DuckDB output chunks of up to
/// <see cref="DuckDbDatabase.VectorSize"/> rows from the batches in order (a chunk never spans two
/// batches). Used by one DuckDB thread at a time.
/// </summary>
internal sealed class BatchCursor(IReadOnlyList<RecordBatch> batches) : IChunkCursor
{
    private readonly VectorWriter _writer = new();
    private int _batch;
    private int _offset;

    /// <summary>Writes the next rows into <paramref name="chunk"/> and sets its size; size 0 means the end.</summary>
    public void Fill(nint chunk)
    {
        while (_batch < batches.Count && _offset >= batches[_batch].RowCount)
        {
            _batch++;
            _offset = 0;
        }
        if (_batch >= batches.Count)
        {
            NativeMethods.duckdb_data_chunk_set_size(chunk, 0);
            return;
        }
        var batch = batches[_batch];
        var count = Math.Min(DuckDbDatabase.VectorSize, batch.RowCount - _offset);
        for (var c = 0; c < batch.Columns.Count; c++)
            _writer.Write(NativeMethods.duckdb_data_chunk_get_vector(chunk, (ulong)c), batch.Columns[c], _offset, count);
        NativeMethods.duckdb_data_chunk_set_size(chunk, (ulong)count);
        _offset += count;
    }
}
