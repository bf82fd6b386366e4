using Microsoft.Win32.SafeHandles;

namespace Strata.Engine;

/// <summary>Owns a <c>duckdb_connection</c>.</summary>
internal sealed class DuckDbConnectionHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    /// <summary>Takes ownership of an open connection.</summary>
    public DuckDbConnectionHandle(nint connection) : base(ownsHandle: true) => SetHandle(connection);

    /// <inheritdoc />
    protected override bool ReleaseHandle()
    {
        var h = handle;
        NativeMethods.duckdb_disconnect(ref h);
        return true;
    }
}
