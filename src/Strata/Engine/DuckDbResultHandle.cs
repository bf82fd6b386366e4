using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Strata.Engine;

/// <summary>
/// Owns a <c>duckdb_result</c> kept in native memory, so DuckDB can fill it through a stable
/// pointer and <c>duckdb_fetch_chunk</c> can read it by value. Release destroys the result
/// (closing a streaming query) and frees the memory.
/// </summary>
internal sealed unsafe class DuckDbResultHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    /// <summary>Allocates a zeroed result struct.</summary>
    public DuckDbResultHandle() : base(ownsHandle: true) =>
        SetHandle((nint)NativeMemory.AllocZeroed((nuint)sizeof(DuckDbResult)));

    /// <summary>The native struct (valid while the handle is not released).</summary>
    public DuckDbResult* Result => (DuckDbResult*)handle;

    /// <inheritdoc />
    protected override bool ReleaseHandle()
    {
        var r = (DuckDbResult*)handle;
        NativeMethods.duckdb_destroy_result(r);
        NativeMemory.Free(r);
        return true;
    }
}
