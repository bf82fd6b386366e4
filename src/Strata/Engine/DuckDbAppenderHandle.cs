using Microsoft.Win32.SafeHandles;

namespace Strata.Engine;

/// <summary>Owns a <c>duckdb_appender</c>; release destroys it (which also flushes what is pending).</summary>
internal sealed class DuckDbAppenderHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    /// <summary>Takes ownership of an appender (also one that failed to open: it holds the error).</summary>
    public DuckDbAppenderHandle(nint appender) : base(ownsHandle: true) => SetHandle(appender);

    /// <inheritdoc />
    protected override bool ReleaseHandle()
    {
        var h = handle;
        NativeMethods.duckdb_appender_destroy(ref h);
        return true;
    }
}
