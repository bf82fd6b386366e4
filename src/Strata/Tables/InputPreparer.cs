using Strata.Data;
using Strata.Format;

namespace Strata.Tables;

/// <summary>
/// Checks incoming batches against a table's schema and brings them into shape: every column must
/// exist in the table with a compatible type, required columns must be present, and vectors are
/// checked (length, NaN) under the bad-vector policy. Also produces the SELECT that turns the
/// incoming rows into a data file of the table (casts, SQL-computed columns).
/// </summary>
internal sealed class InputPreparer(TableSnapshot table, WriteOptions options)
{
    private Schema? _inputSchema;

    /// <summary>The schema of prepared batches (set by the first one).</summary>
    public Schema? InputSchema => _inputSchema;

    public RecordBatch Prepare(RecordBatch batch)
    {
        var fields = new List<Field>(batch.Schema.Count);
        var columns = new List<Column>(batch.Schema.Count);
        for (var i = 0; i < batch.Schema.Count; i++)
        {
            var name = batch.Schema[i].Name;
            var idx = table.Schema.IndexOf(name);
            if (idx < 0)
                throw new StrataInvalidInputException(
                    $"column '{name}' is not in the table (columns: {string.Join(", ", table.Schema.Fields.Select(f => f.Name))}); add it first or leave it out.");
            var target = table.Schema[idx];
            var col = batch.Columns[i];
            if (!Compatible(col.Type, target.Type))
                throw new StrataInvalidInputException($"column '{target.Name}' is {target.Type} in the table but {col.Type} in the data.");
            fields.Add(new Field(target.Name, target.Type.Kind == TypeKind.FixedSizeList ? target.Type : col.Type));
            columns.Add(col);
        }
        foreach (var f in table.Schema.Fields)
            if (!f.Nullable && batch.Schema.IndexOf(f.Name) < 0)
                throw new StrataInvalidInputException($"column '{f.Name}' is required (not nullable) but missing from the data.");

        var keep = ApplyVectorPolicy(fields, columns, batch.RowCount);
        var prepared = new RecordBatch(new Schema(fields), columns);
        if (keep is not null) prepared = prepared.Take(keep);
        if (_inputSchema is null) _inputSchema = prepared.Schema;
        else if (!_inputSchema.Equals(prepared.Schema))
            throw new StrataInvalidInputException($"all batches of one write must have the same columns; got ({prepared.Schema}) after ({_inputSchema}).");
        return prepared;
    }

    /// <summary>Rows to keep when some are dropped; null when all are kept. Converts vector columns in place.</summary>
    private List<int>? ApplyVectorPolicy(List<Field> fields, List<Column> columns, int rows)
    {
        bool[]? drop = null;
        for (var c = 0; c < fields.Count; c++)
        {
            var type = fields[c].Type;
            if (type.Kind != TypeKind.FixedSizeList) continue;
            var source = columns[c];
            if (source is FixedSizeListColumn fixedSource && fixedSource.Type == type && !HasNaN(fixedSource)) continue;
            var builder = (FixedSizeListColumnBuilder)ColumnBuilder.Create(type, rows);
            for (var r = 0; r < rows; r++)
            {
                var value = source.GetValue(r);
                if (value is null) { builder.AppendNull(); continue; }
                var bad = Check((Array)value, type, out var why);
                if (bad is null) { builder.Append(value); continue; }
                switch (options.OnBadVectors)
                {
                    case BadVectorPolicy.Error:
                        throw new StrataInvalidInputException(
                            $"row {r} of column '{fields[c].Name}' is a bad vector ({why}); fix the data or use on_bad_vectors drop or fill.");
                    case BadVectorPolicy.Drop:
                        (drop ??= new bool[rows])[r] = true;
                        builder.AppendNull();
                        break;
                    default:
                        builder.Append(Enumerable.Repeat((object)options.FillValue, type.Length).ToArray());
                        break;
                }
            }
            columns[c] = builder.Build();
        }
        if (drop is null) return null;
        var keep = new List<int>(rows);
        for (var r = 0; r < rows; r++) if (!drop[r]) keep.Add(r);
        return keep;
    }

    private static bool HasNaN(FixedSizeListColumn column)
    {
        switch (column.Values)
        {
            case PrimitiveColumn<float> f:
                foreach (var v in f.Values) if (float.IsNaN(v)) return true;
                return column.Values.NullCount > 0 && HasNullElementInValidRow(column);
            case PrimitiveColumn<double> d:
                foreach (var v in d.Values) if (double.IsNaN(v)) return true;
                return column.Values.NullCount > 0 && HasNullElementInValidRow(column);
            default:
                return true; // take the slow, checking path
        }
    }

    private static bool HasNullElementInValidRow(FixedSizeListColumn column)
    {
        for (var r = 0; r < column.Length; r++)
        {
            if (column.IsNull(r)) continue;
            for (var i = 0; i < column.ListSize; i++)
                if (column.Values.IsNull(r * column.ListSize + i)) return true;
        }
        return false;
    }

    private static string? Check(Array value, DataType type, out string why)
    {
        why = "";
        if (value.Length != type.Length) { why = $"{value.Length} values, expected {type.Length}"; return why; }
        foreach (var v in value)
        {
            if (v is null) { why = "a null element"; return why; }
            if (v is float f && float.IsNaN(f) || v is double d && double.IsNaN(d)) { why = "NaN"; return why; }
        }
        return null;
    }

    /// <summary>Whether data of type <paramref name="from"/> may be written into a column of type <paramref name="to"/>.</summary>
    public static bool Compatible(DataType from, DataType to)
    {
        if (from == to) return true;
        if (from.IsNumeric && to.IsNumeric) return true;
        if (from.Kind == TypeKind.Date && to.Kind == TypeKind.Timestamp) return true;
        if (from.Kind is TypeKind.List or TypeKind.FixedSizeList && to.Kind is TypeKind.List or TypeKind.FixedSizeList)
            return Compatible(from.ElementType!, to.ElementType!);
        if (from.Kind == TypeKind.Struct && to.Kind == TypeKind.Struct)
            return from.Fields.All(ff => to.Fields.FirstOrDefault(tf => string.Equals(tf.Name, ff.Name, StringComparison.OrdinalIgnoreCase)) is { } t
                && Compatible(ff.Type, t.Type));
        return false;
    }

    /// <summary>
    /// The SELECT (over the incoming rows in <paramref name="source"/>) that yields a data file of the
    /// table: provided columns cast to the table's types, SQL columns computed, other columns left out
    /// (they read as null). Returns the column map of the file (field id → name).
    /// </summary>
    public (string Sql, Dictionary<int, string> Columns) FileSelect(string source)
    {
        var input = _inputSchema ?? throw new InvalidOperationException("no batch prepared");
        var inner = new List<string>();
        foreach (var f in table.Manifest.Fields)
        {
            var type = table.TypeOf(f);
            var q = SqlNames.Quote(f.Name);
            inner.Add(input.Contains(f.Name) ? $"CAST({SqlNames.Quote(input[f.Name].Name)} AS {type.ToSql()}) AS {q}" : $"CAST(NULL AS {type.ToSql()}) AS {q}");
        }
        var outer = new List<string>();
        var columns = new Dictionary<int, string>();
        foreach (var f in table.Manifest.Fields)
        {
            var q = SqlNames.Quote(f.Name);
            if (input.Contains(f.Name)) outer.Add(q);
            else if (f.Provenance is { Kind: "sql", Expression: { } expr }) outer.Add($"CAST(({expr}) AS {table.TypeOf(f).ToSql()}) AS {q}");
            else continue;
            columns[f.Id] = f.Name;
        }
        if (outer.Count == 0) throw new StrataInvalidInputException("the data has no columns of the table.");
        return ($"SELECT {string.Join(", ", outer)} FROM (SELECT {string.Join(", ", inner)} FROM {source}) AS __in", columns);
    }

    /// <summary>
    /// The file's columns (field id, name, index in the prepared batches) when the prepared batches can be written as
    /// they are — every provided column already has the table's type and no SQL column needs computing — else null.
    /// </summary>
    public List<(int FieldId, string Name, int Index)>? DirectColumns()
    {
        if (_inputSchema is not { } input) return null;
        var result = new List<(int, string, int)>();
        foreach (var f in table.Manifest.Fields)
        {
            var i = input.IndexOf(f.Name);
            if (i >= 0)
            {
                if (input[i].Type != table.TypeOf(f)) return null;
                result.Add((f.Id, f.Name, i));
            }
            else if (f.Provenance is { Kind: "sql", Expression: not null }) return null;
        }
        return result.Count == 0 ? null : result;
    }

    /// <summary>All field ids (appends change every column's values).</summary>
    public HashSet<int> AllFieldIds() => table.Manifest.Fields.Select(f => f.Id).ToHashSet();

    internal static string RowId => FormatConstants.RowIdColumn;
}
