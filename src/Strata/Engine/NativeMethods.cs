using System.Runtime.InteropServices;

namespace Strata.Engine;

/// <summary>
/// Strata's own P/Invoke declarations over DuckDB's C API (<c>duckdb.h</c>), marshalled by the
/// LibraryImport source generator. <c>libduckdb.so</c> is placed next to the binaries by the build.
/// Handles are raw pointers (<see cref="nint"/>); the Safe*Handle types own their lifetimes.
/// Functions that return DuckDB-owned text return a pointer; functions documented as
/// "must be freed" are released with <see cref="duckdb_free"/>.
/// This partial holds the database, connection and query functions.
/// </summary>
internal static unsafe partial class NativeMethods
{
    /// <summary>The library name the runtime resolves to libduckdb.so / duckdb.dll.</summary>
    public const string Library = "duckdb";

    /// <summary><c>DuckDBSuccess</c>.</summary>
    public const int Success = 0;

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int duckdb_open_ext(string? path, out nint database, nint config, out nint error);

    [LibraryImport(Library)]
    public static partial void duckdb_close(ref nint database);

    [LibraryImport(Library)]
    public static partial int duckdb_connect(nint database, out nint connection);

    [LibraryImport(Library)]
    public static partial void duckdb_disconnect(ref nint connection);

    [LibraryImport(Library)]
    public static partial void duckdb_interrupt(nint connection);

    [LibraryImport(Library)]
    public static partial nint duckdb_library_version();

    [LibraryImport(Library)]
    public static partial int duckdb_create_config(out nint config);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int duckdb_set_config(nint config, string name, string option);

    [LibraryImport(Library)]
    public static partial void duckdb_destroy_config(ref nint config);

    [LibraryImport(Library)]
    public static partial void duckdb_free(nint pointer);

    [LibraryImport(Library)]
    public static partial ulong duckdb_vector_size();

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int duckdb_query(nint connection, string query, DuckDbResult* result);

    [LibraryImport(Library)]
    public static partial void duckdb_destroy_result(DuckDbResult* result);

    [LibraryImport(Library)]
    public static partial nint duckdb_result_error(DuckDbResult* result);

    [LibraryImport(Library)]
    public static partial ulong duckdb_column_count(DuckDbResult* result);

    [LibraryImport(Library)]
    public static partial nint duckdb_column_name(DuckDbResult* result, ulong column);

    [LibraryImport(Library)]
    public static partial nint duckdb_column_logical_type(DuckDbResult* result, ulong column);

    [LibraryImport(Library)]
    public static partial ulong duckdb_rows_changed(DuckDbResult* result);

    /// <summary>Takes the result BY VALUE (a 48-byte struct) and returns the next chunk, or 0 at the end or on error.</summary>
    [LibraryImport(Library)]
    public static partial nint duckdb_fetch_chunk(DuckDbResult result);

    /// <summary>Copies a NUL-terminated UTF-8 string owned by DuckDB (null pointer gives null).</summary>
    public static string? Utf8(nint text) => text == 0 ? null : Marshal.PtrToStringUTF8(text);

    /// <summary>Copies and frees a NUL-terminated UTF-8 string that the caller owns.</summary>
    public static string? Utf8AndFree(nint text)
    {
        if (text == 0) return null;
        try { return Marshal.PtrToStringUTF8(text); }
        finally { duckdb_free(text); }
    }
}
