using Strata.Data;
using Strata.Format;
using Strata.Query;
using Strata.Tables;

namespace Strata;

public sealed partial class Table
{
    /// <summary>
    /// Adds columns computed from SQL expressions over existing columns (name → expression). Only the new
    /// columns' files are written, one per fragment; existing files are never rewritten. Rows appended
    /// later get the expression computed too.
    /// </summary>
    public async Task<TableVersion> AddColumnsAsync(IReadOnlyDictionary<string, string> expressions, CancellationToken cancellationToken = default)
    {
        EnsureWritable();
        if (expressions is null || expressions.Count == 0) throw new StrataInvalidInputException("give at least one column to add.");
        var read = await _store.ReadLatestAsync(cancellationToken).ConfigureAwait(false);
        var tx = new SchemaEditTransaction(Lake, _store, new OperationRecord("add_columns",
            expressions.ToDictionary(kv => kv.Key, kv => kv.Value))) { ReadVersion = read.Version };
        // Infer each expression's type (and reject bad SQL) before writing anything.
        var scan = await ScanPlanner.BuildAsync(Lake.Storage, read, null, false, cancellationToken).ConfigureAwait(false);
        using (var conn = Lake.Engine.Connect())
        {
            foreach (var (name, expr) in expressions)
            {
                Names.ValidateColumn(name);
                if (read.Schema.Contains(name)) throw new StrataAlreadyExistsException($"column '{name}' already exists in '{Name}'.");
                SqlGuard.Expression(expr, $"expression for '{name}'");
                DataType type;
                try
                {
                    type = conn.QueryAll($"SELECT ({expr}) AS v FROM ({scan}) AS __t LIMIT 0").Schema[0].Type;
                }
                catch (StrataQueryException e)
                {
                    throw new StrataInvalidInputException($"the expression for '{name}' is not valid SQL over the table's columns: {e.Message}", e);
                }
                tx.Add.Add((new Field(name, type), new ColumnProvenance { Kind = "sql", Expression = expr }));
            }
        }
        var snap = await CommitAsync(tx, cancellationToken).ConfigureAwait(false);
        return TableVersion.From(snap.Manifest);
    }

    /// <summary>Adds typed columns that are all null (metadata only; no file is written).</summary>
    public async Task<TableVersion> AddColumnsAsync(IEnumerable<Field> columns, CancellationToken cancellationToken = default)
    {
        EnsureWritable();
        var list = columns.ToList();
        if (list.Count == 0) throw new StrataInvalidInputException("give at least one column to add.");
        var read = await _store.ReadLatestAsync(cancellationToken).ConfigureAwait(false);
        var tx = new SchemaEditTransaction(Lake, _store, new OperationRecord("add_columns",
            list.ToDictionary(f => f.Name, f => f.Type.ToString()))) { ReadVersion = read.Version };
        foreach (var f in list)
        {
            Names.ValidateColumn(f.Name);
            if (read.Schema.Contains(f.Name)) throw new StrataAlreadyExistsException($"column '{f.Name}' already exists in '{Name}'.");
            tx.Add.Add((f with { Nullable = true }, new ColumnProvenance { Kind = "empty" }));
        }
        var snap = await CommitAsync(tx, cancellationToken).ConfigureAwait(false);
        return TableVersion.From(snap.Manifest);
    }

    /// <summary>Drops columns (metadata only: their values stay in old files until compaction and cleanup).</summary>
    public async Task<TableVersion> DropColumnsAsync(params string[] columns)
    {
        EnsureWritable();
        if (columns.Length == 0) throw new StrataInvalidInputException("give at least one column to drop.");
        var read = await _store.ReadLatestAsync(CancellationToken.None).ConfigureAwait(false);
        foreach (var c in columns) read.Field(c);
        if (columns.Length >= read.Manifest.Fields.Count)
            throw new StrataInvalidInputException("a table must keep at least one column; drop the table instead.");
        var tx = new SchemaEditTransaction(Lake, _store, new OperationRecord("drop_columns",
            new Dictionary<string, string> { ["columns"] = string.Join(",", columns) })) { ReadVersion = read.Version };
        tx.Drop.AddRange(columns);
        var snap = await CommitAsync(tx, CancellationToken.None).ConfigureAwait(false);
        return TableVersion.From(snap.Manifest);
    }

    /// <summary>Renames a column (metadata only).</summary>
    public async Task<TableVersion> RenameColumnAsync(string from, string to, CancellationToken cancellationToken = default)
    {
        EnsureWritable();
        Names.ValidateColumn(to);
        var read = await _store.ReadLatestAsync(cancellationToken).ConfigureAwait(false);
        read.Field(from);
        if (read.Schema.Contains(to) && !string.Equals(from, to, StringComparison.OrdinalIgnoreCase))
            throw new StrataAlreadyExistsException($"column '{to}' already exists in '{Name}'.");
        var tx = new SchemaEditTransaction(Lake, _store, new OperationRecord("alter_columns",
            new Dictionary<string, string> { ["rename"] = $"{from}->{to}" })) { ReadVersion = read.Version };
        tx.Rename.Add((from, to));
        var snap = await CommitAsync(tx, cancellationToken).ConfigureAwait(false);
        return TableVersion.From(snap.Manifest);
    }
}
