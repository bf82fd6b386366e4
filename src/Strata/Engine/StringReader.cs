using System.Text;
using Strata.Data;

namespace Strata.Engine;

/// <summary>
/// Reads VARCHAR (and JSON, which is VARCHAR with an alias). Each <c>duckdb_string_t</c> is 16
/// bytes: a uint32 length, then the text inline when it is at most 12 bytes, else a 4-byte
/// prefix and a pointer to the text.
/// </summary>
internal sealed unsafe class StringReader(string column) : VectorReader(DataType.String, column)
{
    /// <inheritdoc />
    public override Column Read(nint vector, in RowSelection rows)
    {
        var data = (byte*)NativeMethods.duckdb_vector_get_data(vector);
        var validity = ReadValidity(vector, rows);
        var values = new string?[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            if (validity is not null && !validity[i]) continue;
            var (text, length) = StringBytes(data, rows[i]);
            values[i] = length == 0 ? string.Empty : Encoding.UTF8.GetString((byte*)text, length);
        }
        return new StringColumn(values, rows.Count, validity);
    }

    /// <summary>The bytes of string number <paramref name="row"/> of a string vector's data.</summary>
    public static (nint Text, int Length) StringBytes(byte* data, long row)
    {
        var entry = data + row * 16;
        var length = *(uint*)entry;
        var text = length <= 12 ? entry + 4 : *(byte**)(entry + 8);
        return ((nint)text, checked((int)length));
    }
}
