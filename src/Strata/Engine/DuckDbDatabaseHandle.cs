using Microsoft.Win32.SafeHandles;

namespace Strata.Engine;

/// <summary>Owns a <c>duckdb_database</c>; closing it releases the database once its connections are gone.</summary>
internal sealed class DuckDbDatabaseHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    /// <summary>Creates an empty (invalid) handle for the P/Invoke out parameter.</summary>
    public DuckDbDatabaseHandle() : base(ownsHandle: true) { }

    /// <summary>Takes ownership of an opened database.</summary>
    public DuckDbDatabaseHandle(nint database) : base(ownsHandle: true) => SetHandle(database);

    /// <inheritdoc />
    protected override bool ReleaseHandle()
    {
        var h = handle;
        NativeMethods.duckdb_close(ref h);
        return true;
    }
}
