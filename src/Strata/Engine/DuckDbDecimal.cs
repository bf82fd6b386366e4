using System.Runtime.InteropServices;

namespace Strata.Engine;

/// <summary>The C API's <c>duckdb_decimal</c>: width, scale and the unscaled value as a hugeint.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct DuckDbDecimal
{
    public byte Width;
    public byte Scale;
    public DuckDbHugeInt Value;
}
