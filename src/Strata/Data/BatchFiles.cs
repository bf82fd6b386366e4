using Strata.Engine;

namespace Strata.Data;

/// <summary>
/// Reads and writes record batches as CSV, JSON lines and Parquet files, using DuckDB's own
/// readers and writers. Reads stream: batches arrive as the file is parsed (the file is opened
/// when enumeration starts). With a <see cref="Schema"/>, columns are read as exactly those types;
/// without one, DuckDB detects them. Writes replace the file only once it is complete.
/// </summary>
/// <remarks>
/// A malformed or unreadable file raises <see cref="StrataInvalidInputException"/> naming the file;
/// a missing file raises <see cref="StrataNotFoundException"/>. Paths with glob characters
/// (<c>* ? [</c>) are refused.
/// </remarks>
public static class BatchFiles
{
    /// <summary>Streams the rows of a CSV file with a header line (columns by position when <paramref name="schema"/> is given).</summary>
    public static IEnumerable<RecordBatch> ReadCsv(string path, Schema? schema = null) => Read(path, FileFormat.Csv, schema);

    /// <summary>Streams the rows of a JSON-lines file (one object per line; fields by name).</summary>
    public static IEnumerable<RecordBatch> ReadJsonLines(string path, Schema? schema = null) => Read(path, FileFormat.JsonLines, schema);

    /// <summary>Streams the rows of a Parquet file (columns by name when <paramref name="schema"/> is given).</summary>
    public static IEnumerable<RecordBatch> ReadParquet(string path, Schema? schema = null) => Read(path, FileFormat.Parquet, schema);

    /// <summary>Streams the rows of a file whose format its extension names (.csv, .jsonl, .ndjson, .json, .parquet).</summary>
    public static IEnumerable<RecordBatch> Read(string path, Schema? schema = null) =>
        Read(path, FileFormats.FromExtension(path), schema);

    /// <summary>
    /// Reads a whole file, chosen by extension (.csv, .jsonl, .ndjson, .json, .parquet), into one batch
    /// (an empty batch with the file's columns when it has no rows).
    /// </summary>
    public static RecordBatch ReadAll(string path, Schema? schema = null)
    {
        var format = FileFormats.FromExtension(path);
        FileFormats.SelectSql(path, format, schema); // checks the path before opening a connection
        using var connection = EngineHost.Connect();
        return FileFormats.ReadAll(connection, path, format, schema);
    }

    /// <summary>Writes batches to a CSV file with a header line.</summary>
    /// <returns>The number of rows written.</returns>
    public static long WriteCsv(string path, IEnumerable<RecordBatch> batches, Schema? schema = null) =>
        Write(path, FileFormat.Csv, batches, schema);

    /// <summary>Writes batches to a JSON-lines file (one object per row).</summary>
    /// <returns>The number of rows written.</returns>
    public static long WriteJsonLines(string path, IEnumerable<RecordBatch> batches, Schema? schema = null) =>
        Write(path, FileFormat.JsonLines, batches, schema);

    /// <summary>Writes batches to a zstd-compressed Parquet file.</summary>
    /// <returns>The number of rows written.</returns>
    public static long WriteParquet(string path, IEnumerable<RecordBatch> batches, Schema? schema = null) =>
        Write(path, FileFormat.Parquet, batches, schema);

    /// <summary>Writes batches to a file whose format its extension names; <paramref name="schema"/> is needed only when there are no batches.</summary>
    /// <returns>The number of rows written.</returns>
    public static long Write(string path, IEnumerable<RecordBatch> batches, Schema? schema = null) =>
        Write(path, FileFormats.FromExtension(path), batches, schema);

    private static IEnumerable<RecordBatch> Read(string path, FileFormat format, Schema? schema)
    {
        FileFormats.SelectSql(path, format, schema); // fail on a bad path now, not at first enumeration
        return Stream();

        IEnumerable<RecordBatch> Stream()
        {
            using var connection = EngineHost.Connect();
            foreach (var batch in FileFormats.Read(connection, path, format, schema)) yield return batch;
        }
    }

    private static long Write(string path, FileFormat format, IEnumerable<RecordBatch> batches, Schema? schema)
    {
        ArgumentNullException.ThrowIfNull(batches);
        using var connection = EngineHost.Connect();
        return FileFormats.Write(connection, path, format, batches, schema);
    }
}
