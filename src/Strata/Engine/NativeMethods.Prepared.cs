using System.Runtime.InteropServices;

namespace Strata.Engine;

/// <summary>Prepared statements, parameter binding and pending (streaming) execution.</summary>
internal static unsafe partial class NativeMethods
{
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int duckdb_prepare(nint connection, string query, out nint statement);

    [LibraryImport(Library)]
    public static partial void duckdb_destroy_prepare(ref nint statement);

    [LibraryImport(Library)]
    public static partial nint duckdb_prepare_error(nint statement);

    [LibraryImport(Library)]
    public static partial ulong duckdb_nparams(nint statement);

    [LibraryImport(Library)]
    public static partial int duckdb_clear_bindings(nint statement);

    [LibraryImport(Library)]
    public static partial ulong duckdb_prepared_statement_column_count(nint statement);

    /// <summary>The name of a result column; the caller frees it.</summary>
    [LibraryImport(Library)]
    public static partial nint duckdb_prepared_statement_column_name(nint statement, ulong column);

    [LibraryImport(Library)]
    public static partial nint duckdb_prepared_statement_column_logical_type(nint statement, ulong column);

    [LibraryImport(Library)]
    public static partial DuckDbTypeId duckdb_prepared_statement_column_type(nint statement, ulong column);

    [LibraryImport(Library)]
    public static partial int duckdb_bind_null(nint statement, ulong index);

    [LibraryImport(Library)]
    public static partial int duckdb_bind_boolean(nint statement, ulong index, byte value);

    [LibraryImport(Library)]
    public static partial int duckdb_bind_int8(nint statement, ulong index, sbyte value);

    [LibraryImport(Library)]
    public static partial int duckdb_bind_int16(nint statement, ulong index, short value);

    [LibraryImport(Library)]
    public static partial int duckdb_bind_int32(nint statement, ulong index, int value);

    [LibraryImport(Library)]
    public static partial int duckdb_bind_int64(nint statement, ulong index, long value);

    [LibraryImport(Library)]
    public static partial int duckdb_bind_uint8(nint statement, ulong index, byte value);

    [LibraryImport(Library)]
    public static partial int duckdb_bind_uint16(nint statement, ulong index, ushort value);

    [LibraryImport(Library)]
    public static partial int duckdb_bind_uint32(nint statement, ulong index, uint value);

    [LibraryImport(Library)]
    public static partial int duckdb_bind_uint64(nint statement, ulong index, ulong value);

    [LibraryImport(Library)]
    public static partial int duckdb_bind_float(nint statement, ulong index, float value);

    [LibraryImport(Library)]
    public static partial int duckdb_bind_double(nint statement, ulong index, double value);

    [LibraryImport(Library)]
    public static partial int duckdb_bind_decimal(nint statement, ulong index, DuckDbDecimal value);

    [LibraryImport(Library)]
    public static partial int duckdb_bind_varchar_length(nint statement, ulong index, byte* value, ulong length);

    [LibraryImport(Library)]
    public static partial int duckdb_bind_blob(nint statement, ulong index, byte* data, ulong length);

    /// <summary><c>duckdb_date</c> is a struct of one int32 (days since 1970-01-01), passed like an int.</summary>
    [LibraryImport(Library)]
    public static partial int duckdb_bind_date(nint statement, ulong index, int days);

    /// <summary><c>duckdb_timestamp</c> is a struct of one int64 (microseconds since the epoch), passed like a long.</summary>
    [LibraryImport(Library)]
    public static partial int duckdb_bind_timestamp(nint statement, ulong index, long micros);

    [LibraryImport(Library)]
    public static partial int duckdb_execute_prepared(nint statement, DuckDbResult* result);

    [LibraryImport(Library)]
    public static partial int duckdb_pending_prepared_streaming(nint statement, out nint pending);

    [LibraryImport(Library)]
    public static partial void duckdb_destroy_pending(ref nint pending);

    [LibraryImport(Library)]
    public static partial nint duckdb_pending_error(nint pending);

    [LibraryImport(Library)]
    public static partial int duckdb_execute_pending(nint pending, DuckDbResult* result);

    /// <summary>Runs one task of a pending query: 0 ready, 1 not ready, 2 error, 3 no tasks available.</summary>
    [LibraryImport(Library)]
    public static partial int duckdb_pending_execute_task(nint pending);

    [LibraryImport(Library)]
    public static partial int duckdb_pending_execute_check_state(nint pending);
}
