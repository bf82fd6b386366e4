using Strata.Data;

namespace Strata.Engine;

/// <summary>Creating tables from schemas and loading batches into them.</summary>
internal sealed partial class DuckDbConnection
{
    /// <summary>Creates a table with the schema's columns (non-nullable fields become NOT NULL).</summary>
    /// <exception cref="StrataQueryException">DuckDB rejected the table (e.g. it exists).</exception>
    public void CreateTable(string name, Schema schema, bool temporary = false)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(schema);
        if (schema.Count == 0) throw new StrataInvalidInputException($"table '{name}' needs at least one column.");
        var columns = schema.Fields.Select(f => $"{SqlNames.Quote(f.Name)} {f.Type.ToSql()}{(f.Nullable ? "" : " NOT NULL")}");
        Execute($"CREATE {(temporary ? "TEMPORARY " : "")}TABLE {SqlNames.Quote(name)} ({string.Join(", ", columns)})");
    }

    /// <summary>Opens an appender on a table (columns matched by position).</summary>
    public DuckDbAppender CreateAppender(string table, string? schema = null) => new(this, table, schema);

    /// <summary>Appends the rows of a batch to a table.</summary>
    public void Append(string table, RecordBatch batch)
    {
        using var appender = CreateAppender(table);
        appender.Append(batch);
        appender.Close();
    }

    /// <summary>Appends all batches to a table through one appender; returns the rows appended.</summary>
    public long AppendBatches(string table, IEnumerable<RecordBatch> batches)
    {
        ArgumentNullException.ThrowIfNull(batches);
        using var appender = CreateAppender(table);
        foreach (var batch in batches) appender.Append(batch);
        appender.Close();
        return appender.RowCount;
    }
}
