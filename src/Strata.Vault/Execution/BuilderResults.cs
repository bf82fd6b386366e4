using System.Collections;
using System.Reflection;
using System.Runtime.CompilerServices;
using Strata.Data;
using Strata.Vault.Builders;

namespace Strata.Vault.Execution;

/// <summary>
/// Turns what a builder function returned into its output columns, matched to changed_columns by position:
/// a <see cref="RecordBatch"/>, records/POCOs, dictionaries, tuples or scalars (dataframe); one value or tuple
/// per call (row-wise); or an IEnumerable / IAsyncEnumerable of rows (generator).
/// </summary>
internal static class BuilderResults
{
    /// <summary>A dataframe or generator result as the builder's output batch.</summary>
    public static async Task<RecordBatch> ToBatchAsync(BuilderSpec spec, object? result, CancellationToken ct)
    {
        if (result is RecordBatch rb)
        {
            if (rb.Schema.Count != spec.ChangedColumns.Count)
                throw Mismatch(spec, $"a batch of {rb.Schema.Count} columns ({string.Join(", ", rb.Schema.Fields.Select(f => f.Name))})");
            var cols = new List<(string, Column)>();
            for (var i = 0; i < rb.Schema.Count; i++)
            {
                var name = spec.ChangedColumns[i];
                var column = rb.Column(i);
                if (spec.Dtypes.TryGetValue(name, out var dt)) column = ValueColumns.Convert(column, dt.Type, $"{spec.File}: column '{name}'");
                cols.Add((name, column));
            }
            return new RecordBatch([.. cols]);
        }
        var rows = new List<object?[]>();
        switch (result)
        {
            case null:
                throw new StrataInvalidInputException($"{spec.Where(spec.Line)}: function {spec.Function} returned null; return rows.");
            case string:
                throw new StrataInvalidInputException($"{spec.Where(spec.Line)}: function {spec.Function} returned one string; a {spec.ReturnType} builder returns rows.");
            case IEnumerable enumerable:
                foreach (var item in enumerable)
                {
                    ct.ThrowIfCancellationRequested();
                    rows.Add(Row(spec, item));
                }
                break;
            default:
                if (AsyncItems(result) is { } items)
                {
                    await foreach (var item in items.WithCancellation(ct).ConfigureAwait(false)) rows.Add(Row(spec, item));
                    break;
                }
                throw new StrataInvalidInputException($"{spec.Where(spec.Line)}: function {spec.Function} returned a {result.GetType().Name}; return a RecordBatch or a sequence of rows.");
        }
        return FromRows(spec, rows);
    }

    public static RecordBatch FromRows(BuilderSpec spec, IReadOnlyList<object?[]> rows)
    {
        var cols = new List<(string, Column)>();
        for (var c = 0; c < spec.ChangedColumns.Count; c++)
        {
            var name = spec.ChangedColumns[c];
            var values = rows.Select(r => r[c]).ToList();
            cols.Add((name, ValueColumns.Build(values, spec.Dtypes.TryGetValue(name, out var dt) ? dt.Type : null, $"{spec.File}: column '{name}'")));
        }
        return new RecordBatch([.. cols]);
    }

    /// <summary>One row's outputs, by position.</summary>
    public static object?[] Row(BuilderSpec spec, object? item)
    {
        var n = spec.ChangedColumns.Count;
        object?[] values;
        switch (item)
        {
            case ITuple tuple:
                values = Enumerable.Range(0, tuple.Length).Select(i => tuple[i]).ToArray();
                break;
            case IDictionary<string, object?> dict:
                values = spec.ChangedColumns.All(dict.ContainsKey) ? spec.ChangedColumns.Select(c => dict[c]).ToArray() : dict.Values.ToArray();
                break;
            case IReadOnlyDictionary<string, object?> rdict:
                values = spec.ChangedColumns.All(rdict.ContainsKey) ? spec.ChangedColumns.Select(c => rdict[c]).ToArray() : rdict.Values.ToArray();
                break;
            case object?[] array when n > 1:
                values = array;
                break;
            case not null when n > 1 && IsRecord(item.GetType()):
                values = item.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance)
                    .Where(p => p.GetIndexParameters().Length == 0 && p.Name != "EqualityContract")
                    .OrderBy(p => p.MetadataToken).Select(p => p.GetValue(item)).ToArray();
                break;
            default:
                values = [item];
                break;
        }
        if (values.Length != n) throw Mismatch(spec, $"a row of {values.Length} values");
        return values;
    }

    private static bool IsRecord(Type t) => !t.IsPrimitive && t != typeof(string) && t != typeof(decimal) && t != typeof(DateTime)
        && !typeof(IEnumerable).IsAssignableFrom(t);

    private static StrataInvalidInputException Mismatch(BuilderSpec spec, string got) =>
        new($"{spec.Where(spec.Line)}: function {spec.Function} returned {got}, but changed_columns lists {spec.ChangedColumns.Count} ({string.Join(", ", spec.ChangedColumns)}); outputs are matched to changed_columns by position.");

    private static IAsyncEnumerable<object?>? AsyncItems(object result)
    {
        var iface = result.GetType().GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IAsyncEnumerable<>));
        if (iface is null) return null;
        var method = typeof(BuilderResults).GetMethod(nameof(Box), BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(iface.GetGenericArguments()[0]);
        return (IAsyncEnumerable<object?>)method.Invoke(null, [result, CancellationToken.None])!;
    }

    private static async IAsyncEnumerable<object?> Box<T>(IAsyncEnumerable<T> source, [EnumeratorCancellation] CancellationToken ct = default)
    {
        await foreach (var item in source.WithCancellation(ct).ConfigureAwait(false)) yield return item;
    }
}
