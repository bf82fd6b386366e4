using System.Collections;
using System.Globalization;
using System.Text;

namespace Strata.Data;

/// <summary>
/// Formats one column value as text, the same way everywhere Strata shows values (tables, CSV cells,
/// messages): <c>null</c> for nulls, invariant culture, shortest round-trip floats, ISO 8601 dates and
/// UTC timestamps (<c>2024-05-01T12:30:00.25Z</c>), lists as <c>[1, 2, 3]</c>, structs as
/// <c>{'a': 1, 'b': x}</c> and binary as <c>&lt;12 bytes&gt;</c>.
/// </summary>
public static class ValueFormatter
{
    /// <summary>How a null value is shown.</summary>
    public const string NullText = "null";

    /// <summary>Marks text cut short.</summary>
    public const char Ellipsis = '…';

    /// <summary>Formats a value (see <see cref="Column.GetValue"/> for the values columns hold).</summary>
    public static string Format(object? value)
    {
        switch (value)
        {
            case null: return NullText;
            case string s: return s;
            case IEnumerable when value is not byte[]:
                var sb = new StringBuilder();
                Append(sb, value, int.MaxValue);
                return sb.ToString();
            default: return FormatScalar(value);
        }
    }

    /// <summary>
    /// Formats a value in at most <paramref name="maxLength"/> characters; longer text is cut and ends
    /// with <see cref="Ellipsis"/>. Long lists are not formatted past the limit.
    /// </summary>
    public static string Format(object? value, int maxLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 1);
        string text;
        if (value is IEnumerable and not string and not byte[])
        {
            var sb = new StringBuilder();
            Append(sb, value, maxLength + 1);
            text = sb.ToString();
        }
        else
        {
            text = Format(value);
        }
        if (text.Length <= maxLength) return text;
        var cut = maxLength - 1;
        if (cut > 0 && char.IsHighSurrogate(text[cut - 1])) cut--; // never split a surrogate pair
        return string.Concat(text.AsSpan(0, cut), Ellipsis.ToString());
    }

    private static void Append(StringBuilder sb, object? value, int limit)
    {
        switch (value)
        {
            case null:
                sb.Append(NullText);
                return;
            case string s:
                sb.Append(s);
                return;
            case IEnumerable<KeyValuePair<string, object?>> fields:
                sb.Append('{');
                var firstField = true;
                foreach (var (name, fieldValue) in fields)
                {
                    if (sb.Length >= limit) return;
                    if (!firstField) sb.Append(", ");
                    firstField = false;
                    sb.Append('\'').Append(name).Append("': ");
                    Append(sb, fieldValue, limit);
                }
                sb.Append('}');
                return;
            case IEnumerable items when value is not byte[]:
                sb.Append('[');
                var first = true;
                foreach (var item in items)
                {
                    if (sb.Length >= limit) return;
                    if (!first) sb.Append(", ");
                    first = false;
                    Append(sb, item, limit);
                }
                sb.Append(']');
                return;
            default:
                sb.Append(FormatScalar(value));
                return;
        }
    }

    private static string FormatScalar(object value) => value switch
    {
        bool b => b ? "true" : "false",
        float f => f.ToString(CultureInfo.InvariantCulture),
        double d => d.ToString(CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime t => FormatTimestamp(t.Kind == DateTimeKind.Local ? t.ToUniversalTime() : t),
        DateTimeOffset o => FormatTimestamp(o.UtcDateTime),
        byte[] bytes => bytes.Length == 1 ? "<1 byte>" : $"<{bytes.Length} bytes>",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    // Timestamps are UTC; fractional seconds only as far as they are non-zero.
    private static string FormatTimestamp(DateTime t) =>
        t.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFF", CultureInfo.InvariantCulture) + "Z";
}
