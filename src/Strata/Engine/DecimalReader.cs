using Strata.Data;

namespace Strata.Engine;

/// <summary>Reads DECIMAL(w,s) from its storage (int16, int32, int64 or hugeint by width) as .NET decimals.</summary>
internal sealed unsafe class DecimalReader(DataType type, DuckDbTypeId storage, string column) : VectorReader(type, column)
{
    /// <inheritdoc />
    public override Column Read(nint vector, in RowSelection rows)
    {
        var data = NativeMethods.duckdb_vector_get_data(vector);
        var validity = ReadValidity(vector, rows);
        var values = new decimal[rows.Count];
        var scale = Type.Scale;
        for (var i = 0; i < rows.Count; i++)
        {
            if (validity is not null && !validity[i]) continue;
            var r = rows[i];
            values[i] = storage switch
            {
                DuckDbTypeId.SmallInt => Scaled(((short*)data)[r], scale),
                DuckDbTypeId.Integer => Scaled(((int*)data)[r], scale),
                DuckDbTypeId.BigInt => Scaled(((long*)data)[r], scale),
                _ => EngineValues.ToDecimal(((DuckDbHugeInt*)data)[r].ToInt128(), scale, ColumnName),
            };
        }
        return new PrimitiveColumn<decimal>(Type, values, rows.Count, validity);
    }

    private static decimal Scaled(long unscaled, int scale)
    {
        var negative = unscaled < 0;
        var magnitude = negative ? (ulong)(-(unscaled + 1)) + 1 : (ulong)unscaled;
        return new decimal((int)(uint)magnitude, (int)(uint)(magnitude >> 32), 0, negative, (byte)scale);
    }
}
