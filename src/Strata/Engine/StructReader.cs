using Strata.Data;

namespace Strata.Engine;

/// <summary>Reads STRUCT: one child vector per member; members of null structs read as nulls.</summary>
internal sealed class StructReader(DataType type, IReadOnlyList<VectorReader> members, string column) : VectorReader(type, column)
{
    /// <inheritdoc />
    public override Column Read(nint vector, in RowSelection rows)
    {
        var validity = ReadValidity(vector, rows);
        var childRows = MaskNulls(rows, validity);
        var children = new Column[members.Count];
        for (var i = 0; i < members.Count; i++)
            children[i] = members[i].Read(NativeMethods.duckdb_struct_vector_get_child(vector, (ulong)i), childRows);
        return new StructColumn(Type, children, rows.Count, validity);
    }
}
