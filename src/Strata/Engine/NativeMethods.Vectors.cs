using System.Runtime.InteropServices;

namespace Strata.Engine;

/// <summary>Data chunks and vectors: the columnar exchange format of the C API.</summary>
internal static unsafe partial class NativeMethods
{
    [LibraryImport(Library)]
    public static partial nint duckdb_create_data_chunk(nint* types, ulong columnCount);

    [LibraryImport(Library)]
    public static partial void duckdb_destroy_data_chunk(ref nint chunk);

    [LibraryImport(Library)]
    public static partial void duckdb_data_chunk_reset(nint chunk);

    [LibraryImport(Library)]
    public static partial ulong duckdb_data_chunk_get_column_count(nint chunk);

    [LibraryImport(Library)]
    public static partial nint duckdb_data_chunk_get_vector(nint chunk, ulong column);

    [LibraryImport(Library)]
    public static partial ulong duckdb_data_chunk_get_size(nint chunk);

    [LibraryImport(Library)]
    public static partial void duckdb_data_chunk_set_size(nint chunk, ulong size);

    [LibraryImport(Library)]
    public static partial void* duckdb_vector_get_data(nint vector);

    /// <summary>The validity bit mask (bit set = valid), or null when every row is valid.</summary>
    [LibraryImport(Library)]
    public static partial ulong* duckdb_vector_get_validity(nint vector);

    [LibraryImport(Library)]
    public static partial void duckdb_vector_ensure_validity_writable(nint vector);

    [LibraryImport(Library)]
    public static partial void duckdb_vector_assign_string_element_len(nint vector, ulong index, byte* text, ulong length);

    /// <summary>Like <see cref="duckdb_vector_assign_string_element_len"/> without the UTF-8 check (our encoder only produces valid UTF-8).</summary>
    [LibraryImport(Library)]
    public static partial void duckdb_unsafe_vector_assign_string_element_len(nint vector, ulong index, byte* text, ulong length);

    [LibraryImport(Library)]
    public static partial nint duckdb_list_vector_get_child(nint vector);

    [LibraryImport(Library)]
    public static partial ulong duckdb_list_vector_get_size(nint vector);

    [LibraryImport(Library)]
    public static partial int duckdb_list_vector_set_size(nint vector, ulong size);

    [LibraryImport(Library)]
    public static partial int duckdb_list_vector_reserve(nint vector, ulong capacity);

    [LibraryImport(Library)]
    public static partial nint duckdb_struct_vector_get_child(nint vector, ulong index);

    [LibraryImport(Library)]
    public static partial nint duckdb_array_vector_get_child(nint vector);
}
