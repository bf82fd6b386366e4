using System.Collections;
using Strata.Data;
using Xunit.Sdk;

namespace Strata.Tests.TestSupport;

/// <summary>
/// Value equality for batches and columns: same schema (names and types), same nulls, same
/// values. Floats compare as numbers, except that NaN equals NaN (-0.0 equals 0.0: DuckDB's
/// Parquet writer does not keep the sign of zero); nested
/// values compare element by element; the first difference is reported with its row and path.
/// </summary>
public static class BatchAssert
{
    /// <summary>Asserts that two batches hold the same schema and values.</summary>
    public static void Equal(RecordBatch expected, RecordBatch actual, bool compareNullability = false)
    {
        Assert.NotNull(actual);
        SchemaEqual(expected.Schema, actual.Schema, compareNullability);
        Assert.True(expected.RowCount == actual.RowCount, $"row count: expected {expected.RowCount}, actual {actual.RowCount}");
        for (var c = 0; c < expected.Schema.Count; c++)
            ColumnEqual(expected.Columns[c], actual.Columns[c], expected.Schema[c].Name);
    }

    /// <summary>Asserts that a sequence of batches holds the same rows as <paramref name="expected"/> (batch boundaries ignored).</summary>
    public static void Equal(RecordBatch expected, IEnumerable<RecordBatch> actual, bool compareNullability = false)
    {
        var list = actual.ToList();
        var schema = expected.Schema;
        if (list.Count == 0)
        {
            Assert.True(expected.RowCount == 0, $"expected {expected.RowCount} rows, got no batches");
            return;
        }
        var row = 0;
        foreach (var batch in list)
        {
            SchemaEqual(schema, batch.Schema, compareNullability);
            for (var c = 0; c < schema.Count; c++)
                for (var r = 0; r < batch.RowCount; r++)
                    ValueEqual(Get(expected.Columns[c], row + r), batch.Columns[c].GetValue(r), $"{schema[c].Name}[row {row + r}]");
            row += batch.RowCount;
        }
        Assert.True(expected.RowCount == row, $"row count: expected {expected.RowCount}, actual {row}");
    }

    /// <summary>Asserts that two schemas have the same names and types (and nullability when asked).</summary>
    public static void SchemaEqual(Schema expected, Schema actual, bool compareNullability = false)
    {
        Assert.True(expected.Count == actual.Count, $"schema: expected ({expected}), actual ({actual})");
        for (var i = 0; i < expected.Count; i++)
        {
            var e = expected[i];
            var a = actual[i];
            if (e.Name != a.Name || e.Type != a.Type || (compareNullability && e.Nullable != a.Nullable))
                throw new XunitException($"schema field {i}: expected '{e}'{(e.Nullable ? "" : " not null")}, actual '{a}'{(a.Nullable ? "" : " not null")}");
        }
    }

    /// <summary>Asserts that two columns hold the same type, nulls and values.</summary>
    public static void ColumnEqual(Column expected, Column actual, string name = "column")
    {
        Assert.True(expected.Type == actual.Type, $"{name}: expected type {expected.Type}, actual {actual.Type}");
        Assert.True(expected.Length == actual.Length, $"{name}: expected {expected.Length} values, actual {actual.Length}");
        for (var r = 0; r < expected.Length; r++)
            ValueEqual(expected.GetValue(r), actual.GetValue(r), $"{name}[row {r}]");
    }

    /// <summary>Asserts that two values as returned by <see cref="Column.GetValue"/> are equal.</summary>
    public static void ValueEqual(object? expected, object? actual, string path = "value")
    {
        if (expected is null || actual is null)
        {
            if (expected is not null || actual is not null)
                throw new XunitException($"{path}: expected {Show(expected)}, actual {Show(actual)}");
            return;
        }
        switch (expected)
        {
            case float f when actual is float g:
                if (f != g && !(float.IsNaN(f) && float.IsNaN(g)))
                    throw new XunitException($"{path}: expected {f:R}, actual {g:R}");
                return;
            case double d when actual is double e:
                if (d != e && !(double.IsNaN(d) && double.IsNaN(e)))
                    throw new XunitException($"{path}: expected {d:R}, actual {e:R}");
                return;
            case byte[] x when actual is byte[] y:
                if (!x.AsSpan().SequenceEqual(y))
                    throw new XunitException($"{path}: byte arrays differ (lengths {x.Length} and {y.Length})");
                return;
            case DateTime t when actual is DateTime u:
                if (t.Ticks != u.Ticks) throw new XunitException($"{path}: expected {t:O}, actual {u:O}");
                return;
            case IDictionary<string, object?> s when actual is IDictionary<string, object?> t2:
                if (s.Count != t2.Count) throw new XunitException($"{path}: expected {s.Count} fields, actual {t2.Count}");
                foreach (var (key, value) in s)
                {
                    if (!t2.TryGetValue(key, out var other)) throw new XunitException($"{path}: field '{key}' is missing");
                    ValueEqual(value, other, $"{path}.{key}");
                }
                return;
            case Array a when actual is Array b:
                if (a.Length != b.Length) throw new XunitException($"{path}: expected {a.Length} elements, actual {b.Length}");
                for (var i = 0; i < a.Length; i++) ValueEqual(a.GetValue(i), b.GetValue(i), $"{path}[{i}]");
                return;
            case string or decimal or bool or DateOnly:
            default:
                if (expected is IEnumerable && expected is not string)
                    throw new XunitException($"{path}: cannot compare {expected.GetType().Name} with {actual.GetType().Name}");
                if (!expected.Equals(actual))
                    throw new XunitException($"{path}: expected {Show(expected)} ({expected.GetType().Name}), actual {Show(actual)} ({actual.GetType().Name})");
                return;
        }
    }

    private static object? Get(Column column, int row) =>
        row < column.Length ? column.GetValue(row) : throw new XunitException($"more rows than the expected {column.Length}");

    private static string Show(object? value) => value switch
    {
        null => "null",
        string s => $"\"{(s.Length > 60 ? s[..60] + "…" : s)}\"",
        _ => value.ToString() ?? "?",
    };
}
