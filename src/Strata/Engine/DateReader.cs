using Strata.Data;

namespace Strata.Engine;

/// <summary>Reads DATE (int32 days since 1970-01-01) as DateOnly.</summary>
internal sealed unsafe class DateReader(string column) : VectorReader(DataType.Date, column)
{
    /// <inheritdoc />
    public override Column Read(nint vector, in RowSelection rows)
    {
        var data = (int*)NativeMethods.duckdb_vector_get_data(vector);
        var validity = ReadValidity(vector, rows);
        var values = new DateOnly[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            if (validity is not null && !validity[i]) continue;
            values[i] = EngineValues.DaysToDate(data[rows[i]], ColumnName);
        }
        return new PrimitiveColumn<DateOnly>(Type, values, rows.Count, validity);
    }
}
