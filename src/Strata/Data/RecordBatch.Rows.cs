namespace Strata.Data;

public sealed partial class RecordBatch
{
    /// <summary>
    /// Builds a batch from rows given as dictionaries of column name to value (names match case-insensitively).
    /// With a schema, every value is converted to its column's type (numbers of other widths, ISO date text,
    /// lists, nested dictionaries for structs); a missing key is a null and a key that is not a column is an error.
    /// Without one, the schema is inferred: columns in the order their keys first appear, each typed by its first
    /// non-null value and widened as needed (int and long → int64, int and double → double); columns that hold
    /// only nulls are strings.
    /// </summary>
    /// <exception cref="StrataInvalidInputException">
    /// A key is not a column, a value does not fit its column, a column mixes kinds of values (text and numbers),
    /// or there are no rows and no schema. The message names the column and row.
    /// </exception>
    public static RecordBatch FromRows(IEnumerable<IReadOnlyDictionary<string, object?>> rows, Schema? schema = null) =>
        FromPairs(rows, schema);

    /// <inheritdoc cref="FromRows(IEnumerable{IReadOnlyDictionary{string, object}}, Schema)"/>
    public static RecordBatch FromRows(IEnumerable<IDictionary<string, object?>> rows, Schema? schema = null) =>
        FromPairs(rows, schema);

    /// <inheritdoc cref="FromRows(IEnumerable{IReadOnlyDictionary{string, object}}, Schema)"/>
    /// <remarks>Exists so that a sequence of <see cref="Dictionary{TKey, TValue}"/>, which is both kinds of dictionary, is not ambiguous.</remarks>
    public static RecordBatch FromRows(IEnumerable<Dictionary<string, object?>> rows, Schema? schema = null) =>
        FromPairs(rows, schema);

    private static RecordBatch FromPairs(IEnumerable<IEnumerable<KeyValuePair<string, object?>>> rows, Schema? schema)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (schema is null)
        {
            var list = rows as IReadOnlyList<IEnumerable<KeyValuePair<string, object?>>> ?? rows.ToList();
            schema = InferRowSchema(list);
            rows = list;
        }

        var count = schema.Count;
        var builders = new ColumnBuilder[count];
        var capacity = rows.TryGetNonEnumeratedCount(out var n) ? n : 16;
        for (var c = 0; c < count; c++) builders[c] = ColumnBuilder.Create(schema[c].Type, capacity);
        var values = new object?[count];
        var seen = new int[count]; // row + 1 when the row set the column
        var row = 0;
        foreach (var pairs in rows)
        {
            if (pairs is null) throw new ArgumentException($"row {row} is null; give an empty dictionary for a row of nulls.", nameof(rows));
            var stamp = row + 1;
            foreach (var (key, value) in pairs)
            {
                var c = schema.IndexOf(key);
                if (c < 0)
                    throw new StrataInvalidInputException(
                        $"row {row} has key '{key}', which is not a column; columns are: {string.Join(", ", schema.Fields.Select(f => f.Name))}.");
                if (seen[c] == stamp)
                    throw new StrataInvalidInputException($"row {row} gives column '{schema[c].Name}' twice (names match case-insensitively).");
                seen[c] = stamp;
                values[c] = value;
            }
            for (var c = 0; c < count; c++)
            {
                var value = seen[c] == stamp ? values[c] : null;
                if (value is null or DBNull && !schema[c].Nullable)
                    throw new StrataInvalidInputException($"column '{schema[c].Name}', row {row}: the column is not nullable but the row has no value.");
                try
                {
                    builders[c].Append(value);
                }
                catch (Exception e) when (e is StrataInvalidInputException or OverflowException or InvalidCastException or FormatException)
                {
                    throw new StrataInvalidInputException($"column '{schema[c].Name}', row {row}: {e.Message}", e);
                }
            }
            row++;
        }
        return Build(schema, builders, "row");
    }

    private static Schema InferRowSchema(IReadOnlyList<IEnumerable<KeyValuePair<string, object?>>> rows)
    {
        var names = new List<string>();
        var index = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var types = new List<TypeAccumulator>();
        for (var r = 0; r < rows.Count; r++)
        {
            if (rows[r] is null) throw new ArgumentException($"row {r} is null; give an empty dictionary for a row of nulls.", nameof(rows));
            foreach (var (key, value) in rows[r])
            {
                if (!index.TryGetValue(key, out var c))
                {
                    c = names.Count;
                    index[key] = c;
                    names.Add(key);
                    types.Add(new TypeAccumulator());
                }
                var conflict = types[c].Add(value);
                if (conflict is not null)
                    throw new StrataInvalidInputException($"column '{names[c]}', row {r}: {conflict} Give a schema to convert the values to one type.");
            }
        }
        if (names.Count == 0)
            throw new StrataInvalidInputException(rows.Count == 0
                ? "there are no rows to infer the columns from; give a schema."
                : "the rows have no keys; give at least one column.");
        return new Schema(names.Select((name, c) => new Field(name, ResultOf(types[c], name))));
    }

    private static DataType ResultOf(TypeAccumulator type, string column)
    {
        try
        {
            return type.Result();
        }
        catch (StrataInvalidInputException e)
        {
            throw new StrataInvalidInputException($"column '{column}': {e.Message}", e);
        }
    }
}
