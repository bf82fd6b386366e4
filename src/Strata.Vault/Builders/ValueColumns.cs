using System.Collections;
using System.Globalization;
using Strata.Data;

namespace Strata.Vault.Builders;

/// <summary>Builds typed columns from loosely typed values returned by builder functions.</summary>
internal static class ValueColumns
{
    /// <summary>A column of <paramref name="type"/>, or of the type inferred from the values when null (an error when they conflict).</summary>
    public static Column Build(IReadOnlyList<object?> values, DataType? type, string what)
    {
        if (type is null)
        {
            var acc = new TypeAccumulator();
            for (var i = 0; i < values.Count; i++)
                if (acc.Add(Normalize(values[i])) is { } conflict)
                    throw new StrataInvalidInputException($"{what}: row {i} {conflict}; give the column a dtype in the builder.");
            type = acc.Result();
        }
        var builder = ColumnBuilder.Create(type, values.Count);
        for (var i = 0; i < values.Count; i++)
        {
            try
            {
                builder.Append(ConvertValue(Normalize(values[i]), type));
            }
            catch (Exception e) when (e is FormatException or InvalidCastException or OverflowException or StrataInvalidInputException)
            {
                throw new StrataInvalidInputException($"{what}: the value in row {i} ({Show(values[i])}) is not a {type}; fix the builder's dtype or its function.", e);
            }
        }
        return builder.Build();
    }

    /// <summary>Converts a column to <paramref name="type"/> (no-op when it already has it).</summary>
    public static Column Convert(Column column, DataType type, string what)
    {
        if (column.Type == type) return column;
        var values = new object?[column.Length];
        for (var i = 0; i < values.Length; i++) values[i] = column.GetValue(i);
        return Build(values, type, what);
    }

    private static object? Normalize(object? v) => v switch
    {
        DBNull => null,
        char c => c.ToString(),
        Guid g => g.ToString(),
        Enum e => e.ToString(),
        DateTimeOffset d => d.UtcDateTime,
        _ => v,
    };

    private static object? ConvertValue(object? v, DataType type)
    {
        if (v is null) return null;
        if (v is string s)
        {
            return type.Kind switch
            {
                TypeKind.String => s,
                TypeKind.Int8 or TypeKind.Int16 or TypeKind.Int32 or TypeKind.Int64 => long.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture),
                TypeKind.Float32 or TypeKind.Float64 => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture),
                TypeKind.Boolean => bool.Parse(s),
                TypeKind.Timestamp or TypeKind.Date => DateTime.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal),
                _ => s,
            };
        }
        if (type.Kind == TypeKind.String && v is not string && v is not IEnumerable) return System.Convert.ToString(v, CultureInfo.InvariantCulture);
        return v;
    }

    private static string Show(object? v) => v is null ? "null" : $"{v} of type {v.GetType().Name}";
}
