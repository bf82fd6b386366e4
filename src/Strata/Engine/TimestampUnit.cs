namespace Strata.Engine;

/// <summary>The unit a DuckDB timestamp vector counts in.</summary>
internal enum TimestampUnit
{
    /// <summary>TIMESTAMP_S.</summary>
    Seconds,
    /// <summary>TIMESTAMP_MS.</summary>
    Millis,
    /// <summary>TIMESTAMP and TIMESTAMPTZ.</summary>
    Micros,
    /// <summary>TIMESTAMP_NS.</summary>
    Nanos,
}
