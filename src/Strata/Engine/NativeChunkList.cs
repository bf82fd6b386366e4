using Strata.Data;

namespace Strata.Engine;

/// <summary>
/// Data chunks as DuckDB produced them (e.g. a streamed <c>read_csv</c> result), owned here, served by
/// <see cref="BatchTableFunction"/> without conversion: each output chunk references the stored vectors.
/// The chunks' column types must be exactly <see cref="Schema"/>'s. Dispose after the reading query ended.
/// </summary>
internal sealed class NativeChunkList(Schema schema) : ITableFunctionSource, IDisposable
{
    private readonly List<nint> _chunks = [];

    public Schema Schema => schema;

    public long RowCount { get; private set; }

    public int ChunkCount => _chunks.Count;

    /// <summary>The chunk at <paramref name="index"/> (still owned by the list).</summary>
    public nint this[int index] => _chunks[index];

    /// <summary>Takes ownership of a non-empty chunk.</summary>
    public void Add(nint chunk)
    {
        _chunks.Add(chunk);
        RowCount += (long)NativeMethods.duckdb_data_chunk_get_size(chunk);
    }

    public IChunkCursor OpenCursor() => new NativeChunkCursor(this);

    public void Dispose()
    {
        for (var i = 0; i < _chunks.Count; i++)
        {
            var c = _chunks[i];
            if (c != 0) NativeMethods.duckdb_destroy_data_chunk(ref c);
            _chunks[i] = 0;
        }
        _chunks.Clear();
    }
}
