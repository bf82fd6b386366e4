using Strata.Data;

namespace Strata.Engine;

/// <summary>Reads booleans, integers and floats whose memory layout equals the .NET type's: one block copy.</summary>
internal sealed unsafe class FixedWidthReader<T>(DataType type, string column) : VectorReader(type, column) where T : unmanaged
{
    /// <inheritdoc />
    public override Column Read(nint vector, in RowSelection rows)
    {
        var data = (T*)NativeMethods.duckdb_vector_get_data(vector);
        var validity = ReadValidity(vector, rows);
        var values = GC.AllocateUninitializedArray<T>(rows.Count);
        if (rows.Indices is null)
        {
            new ReadOnlySpan<T>(data + rows.Offset, rows.Count).CopyTo(values);
        }
        else
        {
            for (var i = 0; i < rows.Count; i++)
            {
                var r = rows[i];
                values[i] = r >= 0 ? data[r] : default;
            }
        }
        if (typeof(T) == typeof(bool) && validity is not null)
        {
            // Memory behind a null boolean can hold any byte; keep .NET bools canonical.
            for (var i = 0; i < values.Length; i++)
                if (!validity[i]) values[i] = default;
        }
        return new PrimitiveColumn<T>(Type, values, rows.Count, validity);
    }
}
