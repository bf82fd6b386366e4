namespace Strata.Engine;

/// <summary>File formats DuckDB reads and writes for Strata.</summary>
internal enum FileFormat
{
    /// <summary>Comma-separated values with a header line.</summary>
    Csv,
    /// <summary>One JSON object per line (NDJSON).</summary>
    JsonLines,
    /// <summary>JSON: newline-delimited objects or one top-level array (auto-detected when read).</summary>
    Json,
    /// <summary>Apache Parquet.</summary>
    Parquet,
}
