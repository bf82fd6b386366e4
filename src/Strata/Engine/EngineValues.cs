namespace Strata.Engine;

/// <summary>Conversions between DuckDB's physical encodings and Strata's .NET values.</summary>
internal static class EngineValues
{
    /// <summary><see cref="DateOnly.DayNumber"/> of 1970-01-01 (DuckDB dates count days from there).</summary>
    public const int EpochDayNumber = 719162;

    /// <summary>DuckDB's +infinity for dates.</summary>
    public const int DateInfinity = int.MaxValue;

    /// <summary>DuckDB's +infinity for timestamps (−infinity is its negation).</summary>
    public const long TimestampInfinity = long.MaxValue;

    private static readonly long EpochTicks = DateTime.UnixEpoch.Ticks;
    private static readonly long MinMicros = (DateTime.MinValue.Ticks - EpochTicks) / 10;
    private static readonly long MaxMicros = (DateTime.MaxValue.Ticks - EpochTicks) / 10;

    /// <summary>The largest timestamp Strata holds (DateTime.MaxValue cut to microseconds); +infinity reads as this.</summary>
    public static readonly DateTime MaxTimestamp = new(DateTime.MaxValue.Ticks - DateTime.MaxValue.Ticks % 10, DateTimeKind.Utc);

    /// <summary>The smallest timestamp; −infinity reads as this.</summary>
    public static readonly DateTime MinTimestamp = new(0, DateTimeKind.Utc);

    private static readonly UInt128[] Pow10 = BuildPow10();

    private static UInt128[] BuildPow10()
    {
        var p = new UInt128[39];
        p[0] = 1;
        for (var i = 1; i < p.Length; i++) p[i] = p[i - 1] * 10;
        return p;
    }

    /// <summary>10^n as a 128-bit integer (n = 0..38).</summary>
    public static UInt128 PowerOf10(int n) => Pow10[n];

    /// <summary>A DuckDB date (days since the epoch) as a DateOnly; infinities clamp, others out of range fail.</summary>
    public static DateOnly DaysToDate(int days, string column)
    {
        if (days == DateInfinity) return DateOnly.MaxValue;
        if (days == -DateInfinity) return DateOnly.MinValue;
        var n = (long)days + EpochDayNumber;
        if (n < DateOnly.MinValue.DayNumber || n > DateOnly.MaxValue.DayNumber)
            throw new StrataQueryException(
                $"column '{column}' holds a date outside 0001-01-01..9999-12-31 ({days} days from 1970); CAST it to VARCHAR in the query to read it.");
        return DateOnly.FromDayNumber((int)n);
    }

    /// <summary>A DateOnly as DuckDB days since the epoch.</summary>
    public static int DateToDays(DateOnly date) => date.DayNumber - EpochDayNumber;

    /// <summary>Microseconds since the epoch as a UTC DateTime; infinities clamp, others out of range fail.</summary>
    public static DateTime MicrosToTimestamp(long micros, string column)
    {
        if (micros == TimestampInfinity) return MaxTimestamp;
        if (micros == -TimestampInfinity) return MinTimestamp;
        if (micros < MinMicros || micros > MaxMicros)
            throw new StrataQueryException(
                $"column '{column}' holds a timestamp outside years 1..9999; CAST it to VARCHAR in the query to read it.");
        return new DateTime(EpochTicks + micros * 10, DateTimeKind.Utc);
    }

    /// <summary>A DateTime (treated as UTC; local times are converted) as microseconds since the epoch.</summary>
    public static long TimestampToMicros(DateTime value)
    {
        if (value.Kind == DateTimeKind.Local) value = value.ToUniversalTime();
        return (value.Ticks - EpochTicks) / 10;
    }

    /// <summary>An unscaled integer and scale as a .NET decimal.</summary>
    /// <exception cref="StrataQueryException">The value needs more than .NET decimal's 96 bits / 28 scale digits.</exception>
    public static decimal ToDecimal(Int128 unscaled, int scale, string column)
    {
        var negative = Int128.IsNegative(unscaled);
        var magnitude = negative ? (UInt128)(-(unscaled + 1)) + 1 : (UInt128)unscaled;
        return ToDecimal(magnitude, negative, scale, column);
    }

    /// <summary>A magnitude, sign and scale as a .NET decimal.</summary>
    public static decimal ToDecimal(UInt128 magnitude, bool negative, int scale, string column)
    {
        while (scale > 28 && magnitude % 10 == 0)
        {
            magnitude /= 10;
            scale--;
        }
        if (scale > 28 || magnitude >> 96 != UInt128.Zero)
            throw new StrataQueryException(
                $"column '{column}' holds a number too large for a .NET decimal (28-29 significant digits); CAST it to DOUBLE or VARCHAR in the query.");
        return new decimal((int)(uint)magnitude, (int)(uint)(magnitude >> 32), (int)(uint)(magnitude >> 64), negative, (byte)scale);
    }

    /// <summary>
    /// A decimal as the unscaled integer of DECIMAL(precision, scale), rounding half away from zero
    /// when it has more digits after the point.
    /// </summary>
    /// <exception cref="StrataInvalidInputException">The value needs more than <paramref name="precision"/> digits.</exception>
    public static Int128 ToUnscaled(decimal value, int precision, int scale)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var current = (bits[3] >> 16) & 0xFF;
        if (current > scale)
        {
            value = Math.Round(value, scale, MidpointRounding.AwayFromZero);
            decimal.GetBits(value, bits);
            current = (bits[3] >> 16) & 0xFF;
        }
        var magnitude = ((UInt128)(uint)bits[2] << 64) | ((UInt128)(uint)bits[1] << 32) | (uint)bits[0];
        if (current < scale) magnitude *= Pow10[scale - current];
        if (magnitude >= Pow10[precision])
            throw new StrataInvalidInputException($"value {value} does not fit decimal({precision},{scale}).");
        var signed = (Int128)magnitude;
        return bits[3] < 0 ? -signed : signed;
    }

    /// <summary>Number of decimal digits of a magnitude (at least 1).</summary>
    public static int Digits(UInt128 magnitude)
    {
        var d = 1;
        while (d < 39 && magnitude >= Pow10[d]) d++;
        return d;
    }
}
