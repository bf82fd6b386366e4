using Microsoft.Win32.SafeHandles;

namespace Strata.Engine;

/// <summary>Owns a <c>duckdb_prepared_statement</c>.</summary>
internal sealed class DuckDbStatementHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    /// <summary>Takes ownership of a prepared statement (also one that failed to prepare: it holds the error).</summary>
    public DuckDbStatementHandle(nint statement) : base(ownsHandle: true) => SetHandle(statement);

    /// <inheritdoc />
    protected override bool ReleaseHandle()
    {
        var h = handle;
        NativeMethods.duckdb_destroy_prepare(ref h);
        return true;
    }
}
