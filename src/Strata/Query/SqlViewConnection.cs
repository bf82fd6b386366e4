using Strata.Data;
using Strata.Engine;

namespace Strata.Query;

/// <summary>
/// An engine connection kept for <c>Lake.SqlAsync</c>: it has a private in-memory database attached and
/// in use, holding one view per table that earlier queries named, each over a known table version. A
/// view is re-created only when the version a query needs differs, so repeated queries over unchanged
/// tables pay no set-up. Used by one query at a time (rented from <see cref="SqlViewPool"/>).
/// </summary>
internal sealed class SqlViewConnection : IDisposable
{
    private readonly Dictionary<string, (string TableId, long Version)> _views = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _schemas = new(StringComparer.OrdinalIgnoreCase);
    private bool _disposed;

    public SqlViewConnection(DuckDbDatabase engine)
    {
        Connection = engine.Connect();
        Database = SqlNames.Quote("__sql_" + Ids.Random(6));
        try
        {
            Connection.Execute($"ATTACH ':memory:' AS {Database}");
            Connection.Execute($"USE {Database}");
        }
        catch
        {
            Connection.Dispose();
            throw;
        }
    }

    /// <summary>The connection; its default database holds the views.</summary>
    public DuckDbConnection Connection { get; }

    /// <summary>The quoted name of the attached view database.</summary>
    public string Database { get; }

    /// <summary>Creates the schema (a quoted name) once per connection.</summary>
    public void EnsureSchema(string quotedSchema)
    {
        if (_schemas.Contains(quotedSchema)) return;
        Connection.Execute($"CREATE SCHEMA IF NOT EXISTS {quotedSchema}");
        _schemas.Add(quotedSchema);
    }

    /// <summary>True when the view (a quoted, possibly schema-qualified name) already reads that table version.</summary>
    public bool HasView(string quotedView, string tableId, long version) =>
        _views.TryGetValue(quotedView, out var v) && v.TableId == tableId && v.Version == version;

    /// <summary>Creates or replaces the view over <paramref name="scanSql"/>.</summary>
    public void SetView(string quotedView, string tableId, long version, string scanSql)
    {
        _views.Remove(quotedView);
        Connection.Execute($"CREATE OR REPLACE VIEW {quotedView} AS {scanSql}");
        _views[quotedView] = (tableId, version);
    }

    /// <summary>Drops the views whose names are not in <paramref name="keep"/> (tables dropped or renamed since).</summary>
    public void DropViewsExcept(IReadOnlySet<string> keep)
    {
        foreach (var view in _views.Keys.Where(v => !keep.Contains(v)).ToList())
        {
            Connection.Execute($"DROP VIEW IF EXISTS {view}");
            _views.Remove(view);
        }
    }

    /// <summary>Detaches the view database and closes the connection.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        try
        {
            // Attached databases belong to the engine, not the connection: detach explicitly.
            Connection.Execute("USE memory");
            Connection.Execute($"DETACH {Database}");
        }
        catch (StrataException)
        {
            // the engine is closing or the connection broke; nothing more to release
        }
        finally
        {
            Connection.Dispose();
        }
    }
}
