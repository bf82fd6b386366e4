using Strata.Data;

namespace Strata;

public sealed partial class Lake
{
    /// <summary>Creates a table from a CSV, JSON-lines or Parquet file (chosen by extension), streaming; the schema comes from the file unless given.</summary>
    public Task<Table> CreateTableFromFileAsync(string name, string path, Schema? schema = null, CreateTableOptions? options = null,
        CancellationToken cancellationToken = default) =>
        CreateTableAsync(name, BatchFiles.Read(CheckSourceFile(path), schema), schema, options, cancellationToken);

    internal static string CheckSourceFile(string path)
    {
        if (string.IsNullOrWhiteSpace(path)) throw new StrataInvalidInputException("the input file path is empty.");
        var full = Path.GetFullPath(path);
        if (!File.Exists(full)) throw new StrataNotFoundException($"input file {full} does not exist.");
        return full;
    }
}
