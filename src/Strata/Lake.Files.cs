using Strata.Data;
using Strata.Engine;

namespace Strata;

public sealed partial class Lake
{
    /// <summary>Creates a table from a CSV, JSON-lines or Parquet file (chosen by extension), streaming; the schema comes from the file unless given.</summary>
    public Task<Table> CreateTableFromFileAsync(string name, string path, Schema? schema = null, CreateTableOptions? options = null,
        CancellationToken cancellationToken = default) =>
        CreateTableAsync(name, BatchFiles.Read(CheckSourceFile(path), schema), schema, options, cancellationToken);

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
        return BatchFiles.Read(full, read);
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
