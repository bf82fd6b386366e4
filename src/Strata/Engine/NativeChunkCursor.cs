namespace Strata.Engine;

/// <summary>
/// The read position of one scan over a <see cref="NativeChunkList"/>: each output chunk references the
/// vectors of the next stored chunk (no copy), so the stored chunks must outlive the query.
/// </summary>
internal sealed class NativeChunkCursor(NativeChunkList list) : IChunkCursor
{
    private int _next;

    public void Fill(nint chunk)
    {
        if (_next >= list.ChunkCount)
        {
            NativeMethods.duckdb_data_chunk_set_size(chunk, 0);
            return;
        }
        var source = list[_next++];
        var columns = list.Schema.Count;
        for (var c = 0; c < columns; c++)
            NativeMethods.duckdb_vector_reference_vector(NativeMethods.duckdb_data_chunk_get_vector(chunk, (ulong)c),
                NativeMethods.duckdb_data_chunk_get_vector(source, (ulong)c));
        NativeMethods.duckdb_data_chunk_set_size(chunk, NativeMethods.duckdb_data_chunk_get_size(source));
    }
}
