using System.Runtime.InteropServices;

namespace Strata.Engine;

/// <summary>
/// The C API's <c>duckdb_result</c> (48 bytes on 64-bit platforms). Only DuckDB reads the fields;
/// Strata keeps the struct in native memory and passes it by pointer, or by value to
/// <c>duckdb_fetch_chunk</c>.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct DuckDbResult
{
    public ulong DeprecatedColumnCount;
    public ulong DeprecatedRowCount;
    public ulong DeprecatedRowsChanged;
    public nint DeprecatedColumns;
    public nint DeprecatedErrorMessage;
    public nint InternalData;
}
