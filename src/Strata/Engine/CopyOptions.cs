namespace Strata.Engine;

/// <summary>Options of <c>COPY … TO</c> when Strata writes a file through DuckDB.</summary>
internal sealed record CopyOptions
{
    /// <summary>Parquet compression codec (zstd, snappy, gzip, lz4, uncompressed); default zstd as the lake standard.</summary>
    public string Compression { get; init; } = "zstd";

    /// <summary>Rows per Parquet row group; null keeps DuckDB's default (122,880).</summary>
    public int? RowGroupSize { get; init; }

    /// <summary>Whether CSV files start with a header line (default true).</summary>
    public bool Header { get; init; } = true;
}
