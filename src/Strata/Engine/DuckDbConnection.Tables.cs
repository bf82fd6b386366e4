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

    /// <summary>Appends the rows of a batch to a table, all or nothing (see <see cref="AppendBatches"/>).</summary>
    public void Append(string table, RecordBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        AppendBatches(table, [batch]);
    }

    /// <summary>
    /// Appends all batches to a table through one appender; returns the rows appended. All or
    /// nothing: the appender writes to the table in portions as it goes, so unless a transaction
    /// is already open on this connection (then it is the caller's to commit or roll back) the
    /// append runs in its own transaction, rolled back on failure.
    /// </summary>
    public long AppendBatches(string table, IEnumerable<RecordBatch> batches)
    {
        ArgumentNullException.ThrowIfNull(batches);
        var ownTransaction = TryBeginTransaction();
        try
        {
            long rows;
            using (var appender = CreateAppender(table))
            {
                foreach (var batch in batches) appender.Append(batch);
                appender.Close();
                rows = appender.RowCount;
            }
            if (ownTransaction) Execute("COMMIT");
            return rows;
        }
        catch
        {
            if (ownTransaction) RollbackQuietly();
            throw;
        }
    }

    /// <summary>Starts a transaction unless one is open; true when this call started it.</summary>
    internal bool TryBeginTransaction()
    {
        if (InTransaction()) return false;
        Execute("BEGIN TRANSACTION");
        return true;
    }

    /// <summary>
    /// True when an explicit transaction is open on this connection. Probing with BEGIN would
    /// abort the caller's transaction when it fails, so instead: outside a transaction every
    /// statement runs in a new one, so two statements see different transaction ids.
    /// </summary>
    internal bool InTransaction() =>
        Equals(QueryScalar("SELECT txid_current()"), QueryScalar("SELECT txid_current()"));

    private void RollbackQuietly()
    {
        try
        {
            Execute("ROLLBACK");
        }
        catch (StrataQueryException)
        {
            // The failed statement may already have ended the transaction.
        }
    }
}
