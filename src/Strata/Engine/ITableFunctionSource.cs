using Strata.Data;

namespace Strata.Engine;

/// <summary>
/// Rows that <see cref="BatchTableFunction"/> can serve: their columns (known at bind time) and a fresh
/// cursor per scan. Implementations are immutable while registered.
/// </summary>
internal interface ITableFunctionSource
{
    /// <summary>The columns, in order, with the exact types the cursor's chunks have.</summary>
    Schema Schema { get; }

    /// <summary>Total rows (DuckDB's cardinality estimate; exact).</summary>
    long RowCount { get; }

    /// <summary>A cursor at the first row.</summary>
    IChunkCursor OpenCursor();
}
