using System.Collections;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace Strata.Data;

/// <summary>Converts loosely typed .NET values (from dictionaries, JSON, CSV, POCOs) to column values.</summary>
internal static class ValueConverter
{
    public static T To<T>(object value, DataType type) where T : unmanaged
    {
        if (value is T t) return t;
        try
        {
            object converted = type.Kind switch
            {
                TypeKind.Boolean => ToBool(value),
                TypeKind.Date => ToDate(value),
                TypeKind.Timestamp => ToTimestamp(value),
                TypeKind.Float32 when value is string s => float.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture),
                TypeKind.Float64 when value is string s => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture),
                TypeKind.Float32 => Convert.ToSingle(CheckNumber(value), CultureInfo.InvariantCulture),
                TypeKind.Float64 => Convert.ToDouble(CheckNumber(value), CultureInfo.InvariantCulture),
                _ when value is string s => Convert.ChangeType(s.Trim(), typeof(T), CultureInfo.InvariantCulture),
                _ when value is float or double && type.Kind != TypeKind.Decimal => ToIntegral<T>(Convert.ToDouble(value, CultureInfo.InvariantCulture)),
                _ when value is decimal m && type.Kind != TypeKind.Decimal && decimal.Truncate(m) != m => throw new InvalidCastException("not a whole number"),
                _ => Convert.ChangeType(CheckNumber(value), typeof(T), CultureInfo.InvariantCulture),
            };
            return (T)converted;
        }
        catch (Exception e) when (e is FormatException or InvalidCastException or OverflowException)
        {
            throw Mismatch(value, type, e);
        }
    }

    private static object CheckNumber(object value) =>
        value is bool or DateTime or DateOnly or char ? throw new InvalidCastException() : value;

    private static object ToIntegral<T>(double d)
    {
        if (Math.Floor(d) != d) throw new InvalidCastException("not a whole number");
        return Convert.ChangeType(d, typeof(T), CultureInfo.InvariantCulture);
    }

    private static bool ToBool(object value) => value switch
    {
        bool b => b,
        string s when bool.TryParse(s.Trim(), out var b) => b,
        string s when s.Trim() is "1" or "t" or "T" or "yes" => true,
        string s when s.Trim() is "0" or "f" or "F" or "no" => false,
        sbyte or short or int or long or byte or ushort or uint or ulong => Convert.ToInt64(value, CultureInfo.InvariantCulture) != 0,
        _ => throw new InvalidCastException(),
    };

    private static DateOnly ToDate(object value) => value switch
    {
        DateOnly d => d,
        DateTime dt => DateOnly.FromDateTime(dt),
        DateTimeOffset dto => DateOnly.FromDateTime(dto.UtcDateTime),
        string s => DateOnly.Parse(s.Trim(), CultureInfo.InvariantCulture),
        _ => throw new InvalidCastException(),
    };

    private static DateTime ToTimestamp(object value) => value switch
    {
        DateTime dt => Normalize(dt),
        DateTimeOffset dto => dto.UtcDateTime,
        DateOnly d => d.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc),
        string s => Normalize(DateTime.Parse(s.Trim(), CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal)),
        _ => throw new InvalidCastException(),
    };

    /// <summary>Timestamps are UTC with microsecond precision.</summary>
    public static DateTime Normalize(DateTime dt)
    {
        var utc = dt.Kind == DateTimeKind.Local ? dt.ToUniversalTime() : DateTime.SpecifyKind(dt, DateTimeKind.Utc);
        return new DateTime(utc.Ticks - utc.Ticks % 10, DateTimeKind.Utc);
    }

    public static string ToText(object value, DataType type) => value switch
    {
        string s => s,
        char c => c.ToString(),
        _ => throw Mismatch(value, type),
    };

    public static byte[] ToBytes(object value, DataType type) => value switch
    {
        byte[] b => b,
        ReadOnlyMemory<byte> m => m.ToArray(),
        Memory<byte> m => m.ToArray(),
        ArraySegment<byte> a => a.ToArray(),
        _ => throw Mismatch(value, type),
    };

    public static IEnumerable Elements(object value, DataType type) => value switch
    {
        string => throw Mismatch(value, type),
        IEnumerable e => e,
        _ => throw Mismatch(value, type),
    };

    /// <summary>Field values of a struct given as a dictionary, a tuple or an object with properties.</summary>
    public static object? StructField(object value, DataType type, int fieldIndex)
    {
        var name = type.Fields[fieldIndex].Name;
        switch (value)
        {
            case IReadOnlyDictionary<string, object?> rd:
                return rd.TryGetValue(name, out var v) ? v : FindIgnoreCase(rd, name);
            case IDictionary<string, object?> d:
                return d.TryGetValue(name, out var v2) ? v2 : FindIgnoreCase(d, name);
            case ITuple tuple:
                if (tuple.Length != type.Fields.Count) throw Mismatch(value, type);
                return tuple[fieldIndex];
            default:
                var prop = value.GetType().GetProperty(name,
                    System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.IgnoreCase);
                if (prop is null) throw Mismatch(value, type);
                return prop.GetValue(value);
        }
    }

    private static object? FindIgnoreCase(IEnumerable<KeyValuePair<string, object?>> d, string name)
    {
        foreach (var kv in d)
            if (string.Equals(kv.Key, name, StringComparison.OrdinalIgnoreCase)) return kv.Value;
        return null;
    }

    public static StrataInvalidInputException Mismatch(object value, DataType type, Exception? inner = null)
    {
        var shown = value is string s ? $"'{(s.Length > 40 ? s[..40] + "…" : s)}'" : value.GetType().Name;
        return new StrataInvalidInputException($"value {shown} cannot be stored in a {type} column.", inner);
    }
}
