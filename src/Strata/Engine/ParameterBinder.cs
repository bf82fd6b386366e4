using System.Text;

namespace Strata.Engine;

/// <summary>Binds .NET values to prepared-statement parameters with the matching DuckDB type.</summary>
internal static unsafe class ParameterBinder
{
    /// <summary>Binds <paramref name="value"/> to parameter <paramref name="position"/> (1-based).</summary>
    /// <exception cref="StrataInvalidInputException">The value's type has no DuckDB equivalent.</exception>
    public static void Bind(nint statement, int position, object? value)
    {
        var i = (ulong)position;
        var state = value switch
        {
            null or DBNull => NativeMethods.duckdb_bind_null(statement, i),
            bool b => NativeMethods.duckdb_bind_boolean(statement, i, b ? (byte)1 : (byte)0),
            sbyte v => NativeMethods.duckdb_bind_int8(statement, i, v),
            short v => NativeMethods.duckdb_bind_int16(statement, i, v),
            int v => NativeMethods.duckdb_bind_int32(statement, i, v),
            long v => NativeMethods.duckdb_bind_int64(statement, i, v),
            byte v => NativeMethods.duckdb_bind_uint8(statement, i, v),
            ushort v => NativeMethods.duckdb_bind_uint16(statement, i, v),
            uint v => NativeMethods.duckdb_bind_uint32(statement, i, v),
            ulong v => NativeMethods.duckdb_bind_uint64(statement, i, v),
            float v => NativeMethods.duckdb_bind_float(statement, i, v),
            double v => NativeMethods.duckdb_bind_double(statement, i, v),
            decimal v => NativeMethods.duckdb_bind_decimal(statement, i, ToDuckDb(v)),
            string s => BindText(statement, i, s),
            char c => BindText(statement, i, c.ToString()),
            byte[] bytes => BindBlob(statement, i, bytes),
            ReadOnlyMemory<byte> m => BindBlob(statement, i, m.ToArray()),
            DateOnly d => NativeMethods.duckdb_bind_date(statement, i, EngineValues.DateToDays(d)),
            DateTime t => NativeMethods.duckdb_bind_timestamp(statement, i, EngineValues.TimestampToMicros(t)),
            DateTimeOffset o => NativeMethods.duckdb_bind_timestamp(statement, i, EngineValues.TimestampToMicros(o.UtcDateTime)),
            Guid g => BindText(statement, i, g.ToString()),
            _ => throw new StrataInvalidInputException(
                $"parameter ${position} is a {value.GetType().Name}; use null, bool, an integer, float, double, decimal, string, byte[], DateOnly or DateTime."),
        };
        if (state != NativeMethods.Success)
            throw new StrataInvalidInputException($"DuckDB did not accept the value of parameter ${position}.");
    }

    private static int BindText(nint statement, ulong index, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        fixed (byte* p = bytes.Length == 0 ? [0] : bytes)
            return NativeMethods.duckdb_bind_varchar_length(statement, index, p, (ulong)bytes.Length);
    }

    private static int BindBlob(nint statement, ulong index, byte[] bytes)
    {
        fixed (byte* p = bytes.Length == 0 ? [0] : bytes)
            return NativeMethods.duckdb_bind_blob(statement, index, p, (ulong)bytes.Length);
    }

    private static DuckDbDecimal ToDuckDb(decimal value)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var scale = (bits[3] >> 16) & 0xFF;
        var magnitude = ((UInt128)(uint)bits[2] << 64) | ((UInt128)(uint)bits[1] << 32) | (uint)bits[0];
        var signed = bits[3] < 0 ? -(Int128)magnitude : (Int128)magnitude;
        return new DuckDbDecimal
        {
            Width = (byte)Math.Max(EngineValues.Digits(magnitude), Math.Max(scale, 1)),
            Scale = (byte)scale,
            Value = new DuckDbHugeInt(signed),
        };
    }
}
