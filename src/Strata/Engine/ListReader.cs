using Strata.Data;

namespace Strata.Engine;

/// <summary>
/// Reads LIST (and MAP, which is a list of key/value structs). Each row is a
/// <c>duckdb_list_entry</c> (uint64 offset, uint64 length) into the child vector. When the
/// entries of the selected rows follow each other, the child is read as one range; otherwise
/// the child positions are gathered.
/// </summary>
internal sealed unsafe class ListReader(DataType type, VectorReader element, string column) : VectorReader(type, column)
{
    /// <inheritdoc />
    public override Column Read(nint vector, in RowSelection rows)
    {
        var entries = (ulong*)NativeMethods.duckdb_vector_get_data(vector);
        var validity = ReadValidity(vector, rows);
        var offsets = new int[rows.Count + 1];
        long total = 0;
        long start = -1, next = -1;
        var contiguous = true;
        for (var i = 0; i < rows.Count; i++)
        {
            if (validity is null || validity[i])
            {
                var r = rows[i];
                var offset = (long)entries[2 * r];
                var length = (long)entries[2 * r + 1];
                if (length > 0)
                {
                    if (start < 0) start = next = offset;
                    if (offset != next) contiguous = false;
                    next = offset + length;
                    total += length;
                }
            }
            if (total > int.MaxValue)
                throw new StrataQueryException($"column '{ColumnName}' has more than {int.MaxValue} list elements in one chunk.");
            offsets[i + 1] = (int)total;
        }

        RowSelection childRows;
        if (contiguous)
        {
            childRows = new RowSelection(Math.Max(start, 0), (int)total);
        }
        else
        {
            var gather = new long[total];
            for (var i = 0; i < rows.Count; i++)
            {
                var n = offsets[i + 1] - offsets[i];
                if (n == 0) continue;
                var offset = (long)entries[2 * rows[i]];
                for (var j = 0; j < n; j++) gather[offsets[i] + j] = offset + j;
            }
            childRows = new RowSelection(gather);
        }
        var values = element.Read(NativeMethods.duckdb_list_vector_get_child(vector), childRows);
        return new ListColumn(Type, offsets, values, rows.Count, validity);
    }
}
