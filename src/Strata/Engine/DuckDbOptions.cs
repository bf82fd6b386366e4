using System.Globalization;

namespace Strata.Engine;

/// <summary>
/// Start-up settings of an embedded DuckDB database (applied with <c>duckdb_set_config</c>).
/// Null leaves DuckDB's default.
/// </summary>
internal sealed record DuckDbOptions
{
    /// <summary>Worker threads (DuckDB default: one per core).</summary>
    public int? Threads { get; init; }

    /// <summary>Memory limit in DuckDB's syntax, e.g. <c>"4GB"</c> (default: 80% of RAM).</summary>
    public string? MemoryLimit { get; init; }

    /// <summary>Folder DuckDB spills to when a query exceeds the memory limit.</summary>
    public string? TempDirectory { get; init; }

    /// <summary>Whether results keep insertion order where SQL does not demand it (default true; false saves memory).</summary>
    public bool? PreserveInsertionOrder { get; init; }

    /// <summary>
    /// Whether DuckDB may download extensions it needs (default false here: Strata uses only what
    /// is built in — Parquet and JSON — and never reaches the network on its own).
    /// </summary>
    public bool AutoInstallExtensions { get; init; }

    /// <summary>Further settings by DuckDB name (e.g. <c>"default_order" = "desc"</c>).</summary>
    public IReadOnlyDictionary<string, string>? Settings { get; init; }

    /// <summary>The settings as DuckDB option names and values.</summary>
    public IEnumerable<KeyValuePair<string, string>> ToConfig()
    {
        if (Threads is { } threads)
        {
            if (threads < 1) throw new StrataInvalidInputException($"DuckDB needs at least one thread, not {threads}.");
            yield return new("threads", threads.ToString(CultureInfo.InvariantCulture));
        }
        if (MemoryLimit is not null) yield return new("memory_limit", MemoryLimit);
        if (TempDirectory is not null) yield return new("temp_directory", TempDirectory);
        if (PreserveInsertionOrder is { } keep) yield return new("preserve_insertion_order", keep ? "true" : "false");
        yield return new("autoinstall_known_extensions", AutoInstallExtensions ? "true" : "false");
        if (Settings is not null)
            foreach (var kv in Settings) yield return kv;
    }
}
