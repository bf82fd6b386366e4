using System.Text;
using Strata.Data;

namespace Strata.Engine;

/// <summary>
/// Reading and writing CSV, JSON and Parquet files with DuckDB's own readers and writers
/// (<c>read_csv</c>, <c>read_json</c>, <c>read_parquet</c>, <c>COPY … TO</c>). Reads stream
/// batches; with a schema, columns are read as exactly those types (CSV/JSON columns by
/// position/name as DuckDB maps them, Parquet columns by name). Problems with the file itself
/// (malformed text, values that do not convert, unreadable file) become
/// <see cref="StrataInvalidInputException"/> naming the file. Writes go to a temporary sibling
/// file first and replace the target only when complete.
/// Paths are local; glob characters (<c>* ? [</c>) are refused so a name never matches other files.
/// </summary>
internal static class FileFormats
{
    /// <summary>The format a file name implies: .csv, .jsonl/.ndjson, .json, .parquet.</summary>
    /// <exception cref="StrataInvalidInputException">The extension is not one of those.</exception>
    public static FileFormat FromExtension(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".csv" => FileFormat.Csv,
        ".jsonl" or ".ndjson" => FileFormat.JsonLines,
        ".json" => FileFormat.Json,
        ".parquet" or ".pq" => FileFormat.Parquet,
        var e => throw new StrataInvalidInputException(
            $"'{path}' has extension '{e}'; use .csv, .jsonl, .ndjson, .json or .parquet, or call the reader/writer of the format directly."),
    };

    /// <summary>The SQL query that reads the file (usable as a subquery).</summary>
    public static string SelectSql(string path, FileFormat format, Schema? schema = null)
    {
        var full = CheckReadPath(path);
        var literal = SqlNames.Literal(full);
        var source = format switch
        {
            FileFormat.Csv => $"read_csv({literal}, {CsvDialect}, auto_detect = true{Columns(schema)})",
            FileFormat.JsonLines => $"read_json({literal}, format = 'newline_delimited'{Columns(schema)})",
            FileFormat.Json => $"read_json({literal}, format = 'auto'{Columns(schema)})",
            FileFormat.Parquet => $"read_parquet({literal})",
            _ => throw new ArgumentOutOfRangeException(nameof(format)),
        };
        if (schema is null) return $"SELECT * FROM {source}";
        var projection = string.Join(", ", schema.Fields.Select(f => $"CAST({SqlNames.Quote(f.Name)} AS {f.Type.ToSql()}) AS {SqlNames.Quote(f.Name)}"));
        return $"SELECT {projection} FROM {source}";
    }

    /// <summary>
    /// Strata reads standard CSV (RFC 4180, as its writer writes it): a header line, ',' between
    /// fields, '"' quoting with '""' inside quotes, and the same number of fields on every line.
    /// Only column types are detected. Without this DuckDB's sniffer guesses a dialect and reads
    /// almost any text, so malformed files would pass unnoticed. A quoted empty field is an empty
    /// string; an unquoted empty field is null.
    /// </summary>
    private const string CsvDialect = "header = true, delim = ',', quote = '\"', escape = '\"', strict_mode = true, allow_quoted_nulls = false";

    /// <summary>Streams the file's rows as batches.</summary>
    public static IEnumerable<RecordBatch> Read(DuckDbConnection connection, string path, FileFormat format, Schema? schema = null,
        CancellationToken cancellationToken = default)
    {
        var sql = SelectSql(path, format, schema);
        return Stream();

        IEnumerable<RecordBatch> Stream()
        {
            using var reader = Open(connection, sql, path, schema, cancellationToken);
            while (true)
            {
                RecordBatch? batch;
                try
                {
                    batch = reader.Read();
                }
                catch (StrataQueryException e) when (DuckDbErrors.IsInputError(e))
                {
                    throw InvalidFile(path, e);
                }
                if (batch is null) yield break;
                yield return schema is null ? batch : Conform(path, schema, batch);
            }
        }
    }

    /// <summary>
    /// Streams a file's rows as DuckDB made them, unconverted: each chunk has exactly <paramref name="schema"/>'s
    /// column types and is owned by the caller (destroy it, e.g. through <see cref="NativeChunkList"/>).
    /// Stopping early stops the read. A malformed file raises <see cref="StrataInvalidInputException"/> naming it.
    /// </summary>
    public static IEnumerable<nint> ReadNativeChunks(DuckDbConnection connection, string path, FileFormat format, Schema schema,
        CancellationToken cancellationToken = default)
    {
        var sql = SelectSql(path, format, schema);
        return Stream();

        IEnumerable<nint> Stream()
        {
            using var reader = Open(connection, sql, path, schema, cancellationToken);
            while (true)
            {
                nint chunk;
                try
                {
                    chunk = reader.FetchNative();
                }
                catch (StrataQueryException e) when (DuckDbErrors.IsInputError(e))
                {
                    throw InvalidFile(path, e);
                }
                if (chunk == 0) yield break;
                yield return chunk;
            }
        }
    }

    /// <summary>The whole file as one batch (empty batch of the file's schema when it has no rows).</summary>
    public static RecordBatch ReadAll(DuckDbConnection connection, string path, FileFormat format, Schema? schema = null)
    {
        using var reader = Open(connection, SelectSql(path, format, schema), path, schema, default);
        RecordBatch all;
        try
        {
            all = reader.ReadAll();
        }
        catch (StrataQueryException e) when (DuckDbErrors.IsInputError(e))
        {
            throw InvalidFile(path, e);
        }
        return schema is null ? all : Conform(path, schema, all);
    }

    // The columns already have the schema's types; this also applies its field names and NOT NULLs.
    private static RecordBatch Conform(string path, Schema schema, RecordBatch batch)
    {
        try
        {
            return new RecordBatch(schema, batch.Columns);
        }
        catch (StrataInvalidInputException e)
        {
            throw new StrataInvalidInputException($"'{path}' does not match the schema: {e.Message}", e);
        }
    }

    /// <summary>
    /// Writes batches to a file: they are appended to a temporary DuckDB table, which
    /// <c>COPY … TO</c> writes out. An empty sequence writes an empty file when a schema is given.
    /// </summary>
    /// <returns>The number of rows written.</returns>
    public static long Write(DuckDbConnection connection, string path, FileFormat format, IEnumerable<RecordBatch> batches,
        Schema? schema = null, CopyOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(batches);
        var table = $"__strata_write_{Guid.NewGuid():N}";
        using var enumerator = batches.GetEnumerator();
        var first = enumerator.MoveNext() ? enumerator.Current : null;
        var tableSchema = schema ?? first?.Schema
            ?? throw new StrataInvalidInputException($"nothing to write to '{path}': no batches and no schema were given.");
        connection.CreateTable(table, Relaxed(tableSchema), temporary: true);
        try
        {
            long rows = 0;
            using (var appender = connection.CreateAppender(table))
            {
                for (var batch = first; batch is not null; batch = enumerator.MoveNext() ? enumerator.Current : null)
                {
                    if (!batch.Schema.Fields.Select(f => f.Type).SequenceEqual(tableSchema.Fields.Select(f => f.Type)))
                        throw new StrataInvalidInputException(
                            $"cannot write a batch of ({batch.Schema}) to '{path}', whose columns are ({tableSchema}).");
                    appender.Append(batch);
                }
                appender.Close();
                rows = appender.RowCount;
            }
            CopyTo(connection, $"SELECT * FROM {SqlNames.Quote(table)}", path, format, options);
            return rows;
        }
        finally
        {
            connection.Execute($"DROP TABLE IF EXISTS {SqlNames.Quote(table)}");
        }
    }

    /// <summary>Writes the result of a query to a file with <c>COPY (query) TO</c>.</summary>
    public static void CopyTo(DuckDbConnection connection, string query, string path, FileFormat format, CopyOptions? options = null)
    {
        options ??= new CopyOptions();
        var full = CheckWritePath(path);
        var temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        var sb = new StringBuilder("COPY (").Append(query).Append(") TO ").Append(SqlNames.Literal(temp)).Append(" (FORMAT ");
        switch (format)
        {
            case FileFormat.Csv:
                sb.Append("csv, HEADER ").Append(options.Header ? "true" : "false");
                break;
            case FileFormat.Json or FileFormat.JsonLines:
                sb.Append("json");
                break;
            case FileFormat.Parquet:
                if (!IsCodec(options.Compression))
                    throw new StrataInvalidInputException($"'{options.Compression}' is not a Parquet compression; use zstd, snappy, gzip, lz4, brotli or uncompressed.");
                sb.Append("parquet, COMPRESSION ").Append(options.Compression);
                if (options.RowGroupSize is { } size)
                {
                    if (size < 1) throw new StrataInvalidInputException($"a row group needs at least one row, not {size}.");
                    sb.Append(", ROW_GROUP_SIZE ").Append(size);
                }
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(format));
        }
        sb.Append(')');
        try
        {
            connection.Execute(sb.ToString());
            File.Move(temp, full, overwrite: true);
        }
        catch (StrataQueryException e) when (DuckDbErrors.Kind(e) is "IO")
        {
            throw new StrataInvalidInputException($"cannot write '{path}': {e.Message}", e);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    private static DuckDbResultReader Open(DuckDbConnection connection, string sql, string path, Schema? schema, CancellationToken token)
    {
        try
        {
            return connection.ExecuteReader(sql, null, token);
        }
        catch (StrataQueryException e) when (DuckDbErrors.IsInputError(e) || (schema is not null && DuckDbErrors.Kind(e) is "Binder"))
        {
            throw InvalidFile(path, e);
        }
    }

    private static StrataInvalidInputException InvalidFile(string path, StrataQueryException e) =>
        new($"'{path}' cannot be read: {e.Message}", e);

    private static string Columns(Schema? schema) => schema is null
        ? ""
        : ", columns = {" + string.Join(", ", schema.Fields.Select(f => $"{SqlNames.Literal(f.Name)}: {SqlNames.Literal(f.Type.ToSql())}")) + "}";

    // The staging table accepts nulls; whether a column may hold them is the caller's schema's business.
    private static Schema Relaxed(Schema schema) => new(schema.Fields.Select(f => f with { Nullable = true }));

    private static bool IsCodec(string codec) =>
        codec.ToLowerInvariant() is "zstd" or "snappy" or "gzip" or "lz4" or "lz4_raw" or "brotli" or "uncompressed";

    private static string CheckReadPath(string path)
    {
        var full = CheckPath(path);
        if (full.IndexOfAny(['*', '?', '[']) >= 0)
            throw new StrataInvalidInputException($"'{path}' contains a glob character (* ? [); rename the file to read it.");
        if (Directory.Exists(full)) throw new StrataInvalidInputException($"'{path}' is a folder, not a file.");
        if (!File.Exists(full)) throw new StrataNotFoundException($"file '{path}' does not exist.");
        return full;
    }

    private static string CheckWritePath(string path)
    {
        var full = CheckPath(path);
        var folder = Path.GetDirectoryName(full);
        if (folder is null || !Directory.Exists(folder))
            throw new StrataNotFoundException($"the folder of '{path}' does not exist; create it first.");
        if (Directory.Exists(full)) throw new StrataInvalidInputException($"'{path}' is a folder, not a file.");
        return full;
    }

    private static string CheckPath(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.Length == 0) throw new StrataInvalidInputException("the file path is empty.");
        if (path.Contains('\0', StringComparison.Ordinal)) throw new StrataInvalidInputException("the file path contains a NUL character.");
        try
        {
            return Path.GetFullPath(path);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new StrataInvalidInputException($"'{path}' is not a valid file path: {e.Message}", e);
        }
    }
}
