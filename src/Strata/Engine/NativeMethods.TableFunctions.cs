using System.Runtime.InteropServices;

namespace Strata.Engine;

/// <summary>The table-function part of DuckDB's C API: registering a function whose callbacks produce data chunks.</summary>
internal static unsafe partial class NativeMethods
{
    [LibraryImport(Library)]
    public static partial nint duckdb_create_table_function();

    [LibraryImport(Library)]
    public static partial void duckdb_destroy_table_function(ref nint function);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial void duckdb_table_function_set_name(nint function, string name);

    [LibraryImport(Library)]
    public static partial void duckdb_table_function_add_parameter(nint function, nint logicalType);

    [LibraryImport(Library)]
    public static partial void duckdb_table_function_set_bind(nint function, delegate* unmanaged<nint, void> bind);

    [LibraryImport(Library)]
    public static partial void duckdb_table_function_set_init(nint function, delegate* unmanaged<nint, void> init);

    [LibraryImport(Library)]
    public static partial void duckdb_table_function_set_function(nint function, delegate* unmanaged<nint, nint, void> callback);

    [LibraryImport(Library)]
    public static partial int duckdb_register_table_function(nint connection, nint function);

    [LibraryImport(Library)]
    public static partial nint duckdb_bind_get_parameter(nint info, ulong index);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial void duckdb_bind_add_result_column(nint info, string name, nint logicalType);

    [LibraryImport(Library)]
    public static partial void duckdb_bind_set_bind_data(nint info, nint data, delegate* unmanaged<nint, void> destroy);

    [LibraryImport(Library)]
    public static partial void duckdb_bind_set_cardinality(nint info, ulong cardinality, [MarshalAs(UnmanagedType.U1)] bool isExact);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial void duckdb_bind_set_error(nint info, string error);

    [LibraryImport(Library)]
    public static partial void duckdb_init_set_init_data(nint info, nint data, delegate* unmanaged<nint, void> destroy);

    [LibraryImport(Library)]
    public static partial nint duckdb_init_get_bind_data(nint info);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial void duckdb_init_set_error(nint info, string error);

    [LibraryImport(Library)]
    public static partial nint duckdb_function_get_init_data(nint info);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial void duckdb_function_set_error(nint info, string error);

    [LibraryImport(Library)]
    public static partial long duckdb_get_int64(nint value);

    [LibraryImport(Library)]
    public static partial void duckdb_destroy_value(ref nint value);

    /// <summary>Makes <paramref name="to"/> share <paramref name="from"/>'s data (same type required); no copy.</summary>
    [LibraryImport(Library)]
    public static partial void duckdb_vector_reference_vector(nint to, nint from);
}
