namespace Strata.Cli.Output;

/// <summary>Parsing of <c>--format</c> values.</summary>
internal static class OutputFormats
{
    /// <summary>Parses <c>table</c>, <c>csv</c> or <c>json</c> (null means table).</summary>
    public static OutputFormat Parse(string? text) => text?.ToLowerInvariant() switch
    {
        null or "" or "table" => OutputFormat.Table,
        "csv" => OutputFormat.Csv,
        "json" => OutputFormat.Json,
        _ => throw new CliUsageException($"unknown format '{text}'; use table, csv or json."),
    };
}
