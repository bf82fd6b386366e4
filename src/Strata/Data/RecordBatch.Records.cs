namespace Strata.Data;

public sealed partial class RecordBatch
{
    /// <summary>
    /// Builds a batch from objects: one column per public property (records' positional properties
    /// included), matched to schema fields by name, case-insensitively. Without a schema, the schema is
    /// inferred from the property types: numbers, bool, string, byte[], DateOnly, DateTime and
    /// DateTimeOffset (timestamps), decimal, enums and Guid (as text), arrays and <c>IEnumerable&lt;T&gt;</c>
    /// (lists) and nested classes or records (structs). Non-nullable value types give non-nullable fields.
    /// Use <see cref="StrataColumnAttribute"/> to rename a column or set its type (e.g. <c>float[384]</c>
    /// vectors) and <see cref="StrataIgnoreAttribute"/> to leave a property out.
    /// </summary>
    /// <remarks>Property access is compiled once per type; converting does not use reflection per value.</remarks>
    /// <param name="records">The objects, one per row; none may be null.</param>
    /// <param name="schema">The batch's schema; every field needs a property of that name. Properties not in it are left out.</param>
    /// <exception cref="StrataInvalidInputException">
    /// A property type cannot be stored, a field has no property, or a value does not fit its column (the message names the column and row).
    /// </exception>
    public static RecordBatch FromRecords<T>(IEnumerable<T> records, Schema? schema = null)
    {
        ArgumentNullException.ThrowIfNull(records);
        var shape = RecordShape.ForRows(typeof(T));
        schema ??= shape.Schema;
        var capacity = records.TryGetNonEnumeratedCount(out var n) ? n : 16;
        var builders = new ColumnBuilder[schema.Count];
        var members = new MemberAppender<T>[schema.Count];
        for (var c = 0; c < schema.Count; c++)
        {
            var field = schema[c];
            var index = shape.IndexOfColumn(field.Name);
            if (index < 0)
                throw new StrataInvalidInputException(
                    $"column '{field.Name}' has no matching property on {ClrTypeInference.Display(typeof(T))}; " +
                    $"properties map to: {string.Join(", ", shape.Members.Select(m => m.ColumnName))}. Rename with [StrataColumn(Name = ...)].");
            builders[c] = ColumnBuilder.Create(field.Type, capacity);
            members[c] = (MemberAppender<T>)ValueAppenders.ForMember(typeof(T), shape.Members[index], field.Type, field.Name);
        }

        var row = 0;
        var column = 0;
        try
        {
            foreach (var record in records)
            {
                if (record is null) throw new ArgumentException($"record {row} is null; every record becomes a row.", nameof(records));
                for (column = 0; column < members.Length; column++) members[column].Append(builders[column], record);
                row++;
            }
        }
        catch (Exception e) when (e is StrataInvalidInputException or OverflowException or InvalidCastException or FormatException)
        {
            throw new StrataInvalidInputException($"column '{schema[column].Name}', record {row}: {e.Message}", e);
        }
        return Build(schema, builders, "record");
    }

    /// <summary>
    /// Reads the rows back as objects of <typeparamref name="T"/>, matching columns to properties by name,
    /// case-insensitively (see <see cref="StrataColumnAttribute"/> for renamed columns). An instance is made with the
    /// public parameterless constructor and settable properties (<c>init</c> included) when there is one, else with
    /// the public constructor whose parameters match the properties (positional records). Values are converted
    /// where needed: wider integers to narrower ones when they fit, lists to arrays or <c>List&lt;T&gt;</c>, structs
    /// to nested objects. Columns without a property are skipped; properties without a column keep their default.
    /// </summary>
    /// <exception cref="StrataInvalidInputException">
    /// The type cannot be constructed, a constructor parameter has no column, or a value cannot be converted
    /// (e.g. a null into a non-nullable value type); the message names the column and row.
    /// </exception>
    public IReadOnlyList<T> ToRecords<T>()
    {
        var shape = RecordShape.ForRows(typeof(T));
        var factory = (Func<object?[], int, T>)shape.CreateFactory();
        var readers = ValueReaders.ForShape(shape, Schema.Fields, Columns, "");
        var result = new T[RowCount];
        for (var r = 0; r < result.Length; r++) result[r] = factory(readers, r);
        return result;
    }

    /// <summary>Builds the columns and checks non-nullable fields, naming the first offending row.</summary>
    private static RecordBatch Build(Schema schema, ColumnBuilder[] builders, string rowWord)
    {
        var columns = new Column[builders.Length];
        for (var c = 0; c < columns.Length; c++)
        {
            columns[c] = builders[c].Build();
            if (schema[c].Nullable || columns[c].NullCount == 0) continue;
            var first = Enumerable.Range(0, columns[c].Length).First(columns[c].IsNull);
            throw new StrataInvalidInputException(
                $"column '{schema[c].Name}' is not nullable but {rowWord} {first} has no value; give a value or make the field nullable.");
        }
        return new RecordBatch(schema, columns);
    }
}
