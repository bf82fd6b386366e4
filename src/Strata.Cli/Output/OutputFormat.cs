namespace Strata.Cli.Output;

/// <summary>How rows are printed.</summary>
internal enum OutputFormat
{
    /// <summary>A table drawn for people (Spectre.Console).</summary>
    Table,

    /// <summary>CSV with a header line and RFC 4180 quoting.</summary>
    Csv,

    /// <summary>One JSON object per line.</summary>
    Json,
}
