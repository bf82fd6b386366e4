namespace Strata.Engine;

/// <summary>
/// Which rows of a DuckDB vector to read: a contiguous range, or a gather list of positions
/// (used for list children that are not laid out in order, and for the children of null
/// structs/arrays, whose positions are -1 = "read as null without touching memory").
/// </summary>
internal readonly struct RowSelection
{
    /// <summary>A contiguous range of rows.</summary>
    public RowSelection(long offset, int count)
    {
        Offset = offset;
        Count = count;
        Indices = null;
    }

    /// <summary>A gather list; negative entries are nulls.</summary>
    public RowSelection(long[] indices)
    {
        Offset = 0;
        Count = indices.Length;
        Indices = indices;
    }

    /// <summary>Start of a contiguous range.</summary>
    public long Offset { get; }

    /// <summary>Number of rows selected.</summary>
    public int Count { get; }

    /// <summary>The gather list, or null for a contiguous range.</summary>
    public long[]? Indices { get; }

    /// <summary>The vector position of selected row <paramref name="i"/> (negative = null).</summary>
    public long this[int i] => Indices is null ? Offset + i : Indices[i];
}
