using System.Runtime.InteropServices;

namespace Strata.Engine;

/// <summary>Logical types: creation (for appends) and inspection (for results).</summary>
internal static unsafe partial class NativeMethods
{
    [LibraryImport(Library)]
    public static partial nint duckdb_create_logical_type(DuckDbTypeId type);

    [LibraryImport(Library)]
    public static partial nint duckdb_create_decimal_type(byte width, byte scale);

    [LibraryImport(Library)]
    public static partial nint duckdb_create_list_type(nint child);

    [LibraryImport(Library)]
    public static partial nint duckdb_create_array_type(nint child, ulong size);

    [LibraryImport(Library)]
    public static partial nint duckdb_create_struct_type(nint* memberTypes, byte** memberNames, ulong memberCount);

    [LibraryImport(Library)]
    public static partial void duckdb_destroy_logical_type(ref nint type);

    [LibraryImport(Library)]
    public static partial DuckDbTypeId duckdb_get_type_id(nint type);

    /// <summary>The alias of a type (e.g. JSON); the caller frees it. Null when there is none.</summary>
    [LibraryImport(Library)]
    public static partial nint duckdb_logical_type_get_alias(nint type);

    [LibraryImport(Library)]
    public static partial byte duckdb_decimal_width(nint type);

    [LibraryImport(Library)]
    public static partial byte duckdb_decimal_scale(nint type);

    [LibraryImport(Library)]
    public static partial DuckDbTypeId duckdb_decimal_internal_type(nint type);

    [LibraryImport(Library)]
    public static partial nint duckdb_list_type_child_type(nint type);

    [LibraryImport(Library)]
    public static partial nint duckdb_array_type_child_type(nint type);

    [LibraryImport(Library)]
    public static partial ulong duckdb_array_type_array_size(nint type);

    [LibraryImport(Library)]
    public static partial nint duckdb_map_type_key_type(nint type);

    [LibraryImport(Library)]
    public static partial nint duckdb_map_type_value_type(nint type);

    [LibraryImport(Library)]
    public static partial ulong duckdb_struct_type_child_count(nint type);

    /// <summary>The name of a struct member; the caller frees it.</summary>
    [LibraryImport(Library)]
    public static partial nint duckdb_struct_type_child_name(nint type, ulong index);

    [LibraryImport(Library)]
    public static partial nint duckdb_struct_type_child_type(nint type, ulong index);
}
