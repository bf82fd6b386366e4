using System.Runtime.InteropServices;

namespace Strata.Engine;

/// <summary>The appender: bulk insertion of data chunks into a table.</summary>
internal static unsafe partial class NativeMethods
{
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int duckdb_appender_create(nint connection, string? schema, string table, out nint appender);

    [LibraryImport(Library)]
    public static partial nint duckdb_appender_error(nint appender);

    [LibraryImport(Library)]
    public static partial int duckdb_appender_flush(nint appender);

    [LibraryImport(Library)]
    public static partial int duckdb_appender_close(nint appender);

    [LibraryImport(Library)]
    public static partial int duckdb_appender_destroy(ref nint appender);

    [LibraryImport(Library)]
    public static partial int duckdb_append_data_chunk(nint appender, nint chunk);
}
