namespace Strata.Data;

/// <summary>
/// Strata's in-memory table slice: a schema and one column per field, all of the same length.
/// Immutable. Build one from records, dictionaries or columns; read it back as rows, records or columns.
/// </summary>
public sealed partial class RecordBatch
{
    /// <summary>Creates a batch; every column must match its field's type and have the same length.</summary>
    /// <exception cref="StrataInvalidInputException">Columns and schema do not match.</exception>
    public RecordBatch(Schema schema, IReadOnlyList<Column> columns)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(columns);
        if (schema.Count != columns.Count)
            throw new StrataInvalidInputException($"the schema has {schema.Count} fields but {columns.Count} columns were given.");
        var rows = columns.Count == 0 ? 0 : columns[0].Length;
        for (var i = 0; i < columns.Count; i++)
        {
            if (columns[i].Type != schema[i].Type)
                throw new StrataInvalidInputException($"column '{schema[i].Name}' is declared {schema[i].Type} but holds {columns[i].Type}.");
            if (columns[i].Length != rows)
                throw new StrataInvalidInputException($"column '{schema[i].Name}' has {columns[i].Length} rows; the others have {rows}.");
            if (!schema[i].Nullable && columns[i].NullCount > 0)
                throw new StrataInvalidInputException($"column '{schema[i].Name}' is not nullable but holds {columns[i].NullCount} nulls.");
        }
        Schema = schema;
        Columns = columns;
        RowCount = rows;
    }

    /// <summary>Creates a batch from (name, column) pairs; fields are nullable.</summary>
    public RecordBatch(params (string Name, Column Column)[] columns)
        : this(new Schema(columns.Select(c => new Field(c.Name, c.Column.Type))), columns.Select(c => c.Column).ToArray())
    {
    }

    /// <summary>The batch's schema.</summary>
    public Schema Schema { get; }

    /// <summary>The columns, in schema order.</summary>
    public IReadOnlyList<Column> Columns { get; }

    /// <summary>Number of rows.</summary>
    public int RowCount { get; }

    /// <summary>An empty batch of the schema.</summary>
    public static RecordBatch Empty(Schema schema) =>
        new(schema, schema.Fields.Select(f => ColumnBuilder.Create(f.Type, 0).Build()).ToArray());

    /// <summary>The column at a position.</summary>
    public Column Column(int index) => Columns[index];

    /// <summary>The named column.</summary>
    /// <exception cref="StrataNotFoundException">No such column.</exception>
    public Column Column(string name) => Columns[Schema.IndexOfRequired(name)];

    /// <summary>The value at a row of the named column (see <see cref="Data.Column.GetValue"/>).</summary>
    public object? this[int row, string column] => Column(column).GetValue(row);

    /// <summary>A copy of rows [offset, offset+length).</summary>
    public RecordBatch Slice(int offset, int length) =>
        new(Schema, Columns.Select(c => c.Slice(offset, length)).ToArray());

    /// <summary>The rows at the given positions, in that order.</summary>
    public RecordBatch Take(IReadOnlyList<int> indices) =>
        new(Schema, Columns.Select(c => c.Take(indices)).ToArray());

    /// <summary>Only the named columns, in the given order.</summary>
    public RecordBatch Select(params string[] names) =>
        new(new Schema(names.Select(n => Schema[n])), names.Select(Column).ToArray());

    /// <summary>This batch with one more column (or the named column replaced).</summary>
    public RecordBatch WithColumn(string name, Column column)
    {
        var fields = Schema.Fields.ToList();
        var cols = Columns.ToList();
        var i = Schema.IndexOf(name);
        if (i >= 0)
        {
            fields[i] = new Field(name, column.Type);
            cols[i] = column;
        }
        else
        {
            fields.Add(new Field(name, column.Type));
            cols.Add(column);
        }
        return new RecordBatch(new Schema(fields), cols);
    }

    /// <summary>Concatenates batches of the same schema.</summary>
    /// <exception cref="StrataInvalidInputException">The schemas differ.</exception>
    public static RecordBatch Concat(IReadOnlyList<RecordBatch> batches)
    {
        if (batches.Count == 0) throw new StrataInvalidInputException("nothing to concatenate.");
        if (batches.Count == 1) return batches[0];
        var schema = batches[0].Schema;
        foreach (var b in batches)
            if (!b.Schema.Fields.Select(f => f.Type).SequenceEqual(schema.Fields.Select(f => f.Type)))
                throw new StrataInvalidInputException($"cannot concatenate batches with schemas ({schema}) and ({b.Schema}).");
        var total = batches.Sum(b => b.RowCount);
        var columns = new Column[schema.Count];
        for (var c = 0; c < schema.Count; c++)
        {
            var builder = ColumnBuilder.Create(schema[c].Type, total);
            foreach (var b in batches)
            {
                var col = b.Columns[c];
                for (var r = 0; r < b.RowCount; r++) builder.AppendFrom(col, r);
            }
            columns[c] = builder.Build();
        }
        return new RecordBatch(schema, columns);
    }

    /// <summary>The rows as dictionaries of column name to value.</summary>
    public IEnumerable<IReadOnlyDictionary<string, object?>> Rows()
    {
        for (var r = 0; r < RowCount; r++)
        {
            var d = new Dictionary<string, object?>(Schema.Count, StringComparer.OrdinalIgnoreCase);
            for (var c = 0; c < Schema.Count; c++) d[Schema[c].Name] = Columns[c].GetValue(r);
            yield return d;
        }
    }
}
