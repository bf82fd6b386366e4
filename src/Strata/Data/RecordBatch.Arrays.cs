using System.Reflection;

namespace Strata.Data;

public sealed partial class RecordBatch
{
    private static readonly MethodInfo ArrayColumnMethod =
        typeof(RecordBatch).GetMethod(nameof(ArrayColumn), BindingFlags.NonPublic | BindingFlags.Static)!;

    /// <summary>
    /// Builds a batch from one array per column, typed by the array's element type: <c>long[]</c> → int64
    /// (not nullable), <c>int?[]</c> → nullable int32, <c>string?[]</c> → string, <c>float[][]</c> → list&lt;float&gt;,
    /// <c>DateTime[]</c> → timestamp; <c>object?[]</c> is typed by its values as in <see cref="FromRows(IEnumerable{IReadOnlyDictionary{string, object}}, Schema)"/>.
    /// The arrays are copied.
    /// </summary>
    /// <example><c>RecordBatch.FromArrays(("id", new long[] { 1, 2 }), ("name", new[] { "a", null }))</c></example>
    /// <exception cref="StrataInvalidInputException">The arrays differ in length, a name repeats, or an element type cannot be stored.</exception>
    public static RecordBatch FromArrays(params (string Name, Array Values)[] columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        if (columns.Length == 0) throw new StrataInvalidInputException("give at least one (name, array) column.");
        var rows = columns[0].Values?.Length ?? 0;
        var fields = new Field[columns.Length];
        var built = new Column[columns.Length];
        for (var c = 0; c < columns.Length; c++)
        {
            var (name, values) = columns[c];
            if (string.IsNullOrEmpty(name)) throw new StrataInvalidInputException($"column {c} has no name.");
            if (values is null) throw new StrataInvalidInputException($"column '{name}' has no array.");
            if (values.Rank != 1) throw new StrataInvalidInputException($"column '{name}' is a {values.Rank}-dimensional array; use a jagged array (T[][]) for lists.");
            if (values.Length != rows)
                throw new StrataInvalidInputException($"column '{name}' has {values.Length} values but column '{columns[0].Name}' has {rows}; columns need the same length.");
            var element = values.GetType().GetElementType()!;
            fields[c] = element == typeof(object)
                ? new Field(name, InferObjects(name, values))
                : new Field(name, ClrTypeInference.Infer(element, name), ClrTypeInference.IsNullable(element));
            built[c] = (Column)ArrayColumnMethod.MakeGenericMethod(element)
                .Invoke(null, BindingFlags.DoNotWrapExceptions, null, [values, fields[c]], null)!;
        }
        return new RecordBatch(new Schema(fields), built);
    }

    private static DataType InferObjects(string name, Array values)
    {
        var type = new TypeAccumulator();
        for (var r = 0; r < values.Length; r++)
        {
            var conflict = type.Add(values.GetValue(r));
            if (conflict is not null)
                throw new StrataInvalidInputException($"column '{name}', row {r}: {conflict} Give a typed array.");
        }
        return ResultOf(type, name);
    }

    private static Column ArrayColumn<T>(T[] values, Field field)
    {
        var builder = ColumnBuilder.Create(field.Type, values.Length);
        var appender = (ValueAppender<T>)ValueAppenders.Create(typeof(T), field.Type, field.Name);
        var row = 0;
        try
        {
            for (; row < values.Length; row++) appender.Append(builder, values[row]);
        }
        catch (Exception e) when (e is StrataInvalidInputException or OverflowException or InvalidCastException or FormatException)
        {
            throw new StrataInvalidInputException($"column '{field.Name}', row {row}: {e.Message}", e);
        }
        return builder.Build();
    }
}
