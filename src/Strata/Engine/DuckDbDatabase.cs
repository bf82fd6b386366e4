namespace Strata.Engine;

/// <summary>
/// An embedded DuckDB database, in memory or in a file. Thread-safe: open one
/// <see cref="DuckDbConnection"/> per thread with <see cref="Connect"/>. Disposing closes the
/// database once its connections are closed too (DuckDB counts references).
/// </summary>
internal sealed class DuckDbDatabase : IDisposable
{
    private readonly DuckDbDatabaseHandle _handle;

    private DuckDbDatabase(DuckDbDatabaseHandle handle, string? path)
    {
        _handle = handle;
        Path = path;
    }

    /// <summary>The database file, or null for an in-memory database.</summary>
    public string? Path { get; }

    /// <summary>The DuckDB release in use, e.g. <c>v1.5.6</c>.</summary>
    public static string LibraryVersion => NativeMethods.Utf8(NativeMethods.duckdb_library_version()) ?? "unknown";

    /// <summary>Rows per DuckDB vector (the size of the chunks results stream in).</summary>
    public static int VectorSize { get; } = (int)NativeMethods.duckdb_vector_size();

    /// <summary>Opens a new in-memory database.</summary>
    public static DuckDbDatabase OpenInMemory(DuckDbOptions? options = null) => Open(null, options);

    /// <summary>Opens (or creates) a database file; null opens an in-memory database.</summary>
    /// <exception cref="StrataInvalidInputException">An option is not valid.</exception>
    /// <exception cref="StrataQueryException">DuckDB could not open the database.</exception>
    public static DuckDbDatabase Open(string? path, DuckDbOptions? options = null)
    {
        if (path is not null && path.Contains('\0', StringComparison.Ordinal))
            throw new StrataInvalidInputException("the database path contains a NUL character.");
        if (NativeMethods.duckdb_create_config(out var config) != NativeMethods.Success)
            throw new StrataQueryException("DuckDB could not create a configuration (out of memory?).");
        try
        {
            foreach (var (name, value) in (options ?? new DuckDbOptions()).ToConfig())
            {
                if (name.Contains('\0', StringComparison.Ordinal) || value.Contains('\0', StringComparison.Ordinal)
                    || NativeMethods.duckdb_set_config(config, name, value) != NativeMethods.Success)
                    throw new StrataInvalidInputException($"DuckDB setting '{name}' = '{value}' is not valid; check the name and the value.");
            }
            if (NativeMethods.duckdb_open_ext(path ?? ":memory:", out var db, config, out var error) != NativeMethods.Success)
            {
                var message = NativeMethods.Utf8AndFree(error);
                if (db != 0) NativeMethods.duckdb_close(ref db);
                var failure = DuckDbErrors.Query(message, $"DuckDB could not open the database '{path ?? ":memory:"}'.");
                // Unknown or malformed settings are only reported when the database opens.
                if (DuckDbErrors.Kind(failure) is "Invalid Input") throw new StrataInvalidInputException(failure.Message, failure);
                throw failure;
            }
            return new DuckDbDatabase(new DuckDbDatabaseHandle(db), path);
        }
        finally
        {
            NativeMethods.duckdb_destroy_config(ref config);
        }
    }

    /// <summary>Opens a connection (cheap; one per thread).</summary>
    /// <exception cref="StrataQueryException">DuckDB refused the connection.</exception>
    public DuckDbConnection Connect()
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        var added = false;
        try
        {
            _handle.DangerousAddRef(ref added);
            if (NativeMethods.duckdb_connect(_handle.DangerousGetHandle(), out var connection) != NativeMethods.Success)
                throw new StrataQueryException("DuckDB could not open a connection to the database.");
            return new DuckDbConnection(this, new DuckDbConnectionHandle(connection));
        }
        finally
        {
            if (added) _handle.DangerousRelease();
        }
    }

    /// <summary>Closes the database (after its connections close).</summary>
    public void Dispose() => _handle.Dispose();
}
