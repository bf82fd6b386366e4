namespace Strata.Engine;

/// <summary>The read position of one table-function scan; called by one DuckDB thread at a time.</summary>
internal interface IChunkCursor
{
    /// <summary>Writes the next rows into the output chunk and sets its size; size 0 means the end.</summary>
    void Fill(nint chunk);
}
