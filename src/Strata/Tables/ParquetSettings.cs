namespace Strata.Tables;

/// <summary>How Strata writes Parquet (chosen by measurement; see docs/benchmarks.md).</summary>
internal static class ParquetSettings
{
    public const string Compression = "zstd";
    public const int RowGroupSize = 122_880;

    /// <summary>The COPY options clause.</summary>
    public static string CopyOptions => $"(FORMAT parquet, COMPRESSION {Compression}, ROW_GROUP_SIZE {RowGroupSize})";
}
