using Strata.Data;
using Strata.Engine;
using Strata.Tables;

namespace Strata;

public sealed partial class Lake
{
    /// <summary>Creates a table from a CSV, JSON-lines or Parquet file (chosen by extension), streaming; the schema comes from the file unless given.</summary>
    public Task<Table> CreateTableFromFileAsync(string name, string path, Schema? schema = null, CreateTableOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        var full = CheckSourceFile(path);
        var format = FileFormats.FromExtension(full);
        if (format == FileFormat.Csv && (schema ?? DetectSchema(full, format)) is { } read)
            return CreateTableAsync(name, new FileInput(full, format, read, schema), schema, options, cancellationToken);
        return CreateTableAsync(name, BatchFiles.Read(full, schema), schema, options, cancellationToken);
    }

    /// <summary>The columns DuckDB detects in a file (from its first rows), or null when it has no rows.</summary>
    private static Schema? DetectSchema(string full, FileFormat format)
    {
        using var conn = EngineHost.Connect();
        return FileFormats.Read(conn, full, format).FirstOrDefault()?.Schema;
    }

    /// <summary>
    /// Streams a file for writing into a table: columns the table has are parsed as the table's types
    /// (vectors as lists, so the bad-vector policy can judge them), other columns as detected.
    /// </summary>
    internal static IEnumerable<RecordBatch> ReadFileForTable(string path, Schema tableSchema)
    {
        var full = CheckSourceFile(path);
        var format = FileFormats.FromExtension(full);
        Schema fileSchema;
        using (var conn = EngineHost.Connect())
            fileSchema = FileFormats.Read(conn, full, format).FirstOrDefault()?.Schema ?? FileFormats.ReadAll(conn, full, format).Schema;
        var read = new Schema(fileSchema.Fields.Select(f => tableSchema.IndexOf(f.Name) is var i and >= 0
            ? new Field(f.Name, Relaxed(tableSchema[i].Type))
            : f));
        return new FileInput(full, format, read, read);
    }

    private static DataType Relaxed(DataType t) => t.Kind switch
    {
        TypeKind.FixedSizeList => DataType.List(Relaxed(t.ElementType!)),
        TypeKind.List => DataType.List(Relaxed(t.ElementType!)),
        _ => t,
    };

    internal static string CheckSourceFile(string path)
    {
        if (string.IsNullOrWhiteSpace(path)) throw new StrataInvalidInputException("the input file path is empty.");
        var full = Path.GetFullPath(path);
        if (!File.Exists(full)) throw new StrataNotFoundException($"input file {full} does not exist.");
        return full;
    }
}
