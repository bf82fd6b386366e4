using Strata.Data;

namespace Strata.Engine;

/// <summary>
/// Reads TIMESTAMP, TIMESTAMP_S/_MS/_NS and TIMESTAMPTZ (all int64 counts from the epoch, UTC) as
/// UTC DateTimes with microsecond precision; nanoseconds are truncated toward −∞.
/// </summary>
internal sealed unsafe class TimestampReader(TimestampUnit unit, string column) : VectorReader(DataType.Timestamp, column)
{
    /// <inheritdoc />
    public override Column Read(nint vector, in RowSelection rows)
    {
        var data = (long*)NativeMethods.duckdb_vector_get_data(vector);
        var validity = ReadValidity(vector, rows);
        var values = new DateTime[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            if (validity is not null && !validity[i]) continue;
            values[i] = EngineValues.MicrosToTimestamp(ToMicros(data[rows[i]]), ColumnName);
        }
        return new PrimitiveColumn<DateTime>(Type, values, rows.Count, validity);
    }

    private long ToMicros(long v)
    {
        if (v == EngineValues.TimestampInfinity || v == -EngineValues.TimestampInfinity) return v;
        return unit switch
        {
            TimestampUnit.Seconds => Scale(v, 1_000_000),
            TimestampUnit.Millis => Scale(v, 1_000),
            TimestampUnit.Nanos => Math.DivRem(v, 1000, out var rem) - (rem < 0 ? 1 : 0),
            _ => v,
        };
    }

    // Out-of-range multiplications become values MicrosToTimestamp rejects with a readable message.
    private static long Scale(long v, long factor) =>
        v > long.MaxValue / factor ? long.MaxValue - 1 : v < long.MinValue / factor ? long.MinValue + 2 : v * factor;
}
