using Strata.Data;

namespace Strata.Engine;

/// <summary>Reads ARRAY(T, N) as a fixed-size list: row i owns child positions [i·N, (i+1)·N).</summary>
internal sealed unsafe class ArrayReader(DataType type, VectorReader element, string column) : VectorReader(type, column)
{
    /// <inheritdoc />
    public override Column Read(nint vector, in RowSelection rows)
    {
        var validity = ReadValidity(vector, rows);
        var size = (long)Type.Length;
        var total = rows.Count * size;
        if (total > int.MaxValue)
            throw new StrataQueryException($"column '{ColumnName}' has more than {int.MaxValue} array elements in one chunk.");
        RowSelection childRows;
        if (rows.Indices is null && validity is null)
        {
            childRows = new RowSelection(rows.Offset * size, (int)total);
        }
        else
        {
            // Elements of null arrays are not read (their memory is undefined): they become nulls.
            var gather = new long[total];
            for (var i = 0; i < rows.Count; i++)
            {
                var valid = validity is null || validity[i];
                var first = rows[i] * size;
                for (var j = 0; j < size; j++) gather[i * size + j] = valid ? first + j : -1;
            }
            childRows = new RowSelection(gather);
        }
        var values = element.Read(NativeMethods.duckdb_array_vector_get_child(vector), childRows);
        return new FixedSizeListColumn(Type, values, rows.Count, validity);
    }
}
