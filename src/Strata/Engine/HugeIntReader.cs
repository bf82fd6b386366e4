using Strata.Data;

namespace Strata.Engine;

/// <summary>Reads HUGEINT / UHUGEINT as decimal(38,0); values beyond .NET decimal's range fail with advice to CAST.</summary>
internal sealed unsafe class HugeIntReader(DataType type, bool unsigned, string column) : VectorReader(type, column)
{
    /// <inheritdoc />
    public override Column Read(nint vector, in RowSelection rows)
    {
        var data = (DuckDbHugeInt*)NativeMethods.duckdb_vector_get_data(vector);
        var validity = ReadValidity(vector, rows);
        var values = new decimal[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            if (validity is not null && !validity[i]) continue;
            var h = data[rows[i]];
            values[i] = unsigned
                ? EngineValues.ToDecimal(new UInt128((ulong)h.Upper, h.Lower), negative: false, 0, ColumnName)
                : EngineValues.ToDecimal(h.ToInt128(), 0, ColumnName);
        }
        return new PrimitiveColumn<decimal>(Type, values, rows.Count, validity);
    }
}
