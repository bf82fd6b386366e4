using System.Runtime.InteropServices;

namespace Strata.Engine;

/// <summary>The C API's <c>duckdb_hugeint</c>: a signed 128-bit integer as (lower, upper) halves.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct DuckDbHugeInt
{
    public ulong Lower;
    public long Upper;

    public DuckDbHugeInt(Int128 value)
    {
        Lower = (ulong)value;
        Upper = (long)(value >> 64);
    }

    public readonly Int128 ToInt128() => new((ulong)Upper, Lower);
}
