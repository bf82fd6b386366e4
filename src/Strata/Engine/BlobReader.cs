using System.Runtime.InteropServices;
using Strata.Data;

namespace Strata.Engine;

/// <summary>Reads BLOB values (same 16-byte layout as VARCHAR) as byte arrays.</summary>
internal sealed unsafe class BlobReader(string column) : VectorReader(DataType.Binary, column)
{
    /// <inheritdoc />
    public override Column Read(nint vector, in RowSelection rows)
    {
        var data = (byte*)NativeMethods.duckdb_vector_get_data(vector);
        var validity = ReadValidity(vector, rows);
        var values = new byte[]?[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            if (validity is not null && !validity[i]) continue;
            var (bytes, length) = StringReader.StringBytes(data, rows[i]);
            var copy = GC.AllocateUninitializedArray<byte>(length);
            if (length > 0) Marshal.Copy(bytes, copy, 0, length);
            values[i] = copy;
        }
        return new BinaryColumn(values, rows.Count, validity);
    }
}
