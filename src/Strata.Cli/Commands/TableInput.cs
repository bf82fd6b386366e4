using Strata.Cli.Parsing;
using Strata.Data;

namespace Strata.Cli.Commands;

/// <summary>
/// Reads a data file for writing into a table whose schema is known (an existing table, or
/// <c>create --schema</c>). The library's file readers either sniff types (CSV has none: a vector column
/// arrives as text) or, given a schema, cast inside the reader (a vector of the wrong length fails there,
/// before <c>--on-bad-vectors</c> can drop or fill it). So: CSV columns are read as the table's types,
/// matched by header name, with vectors read as variable-length lists; JSON lines and Parquet carry their
/// own types and are read as they are. The table's write path then converts and applies the bad-vector policy.
/// </summary>
internal static class TableInput
{
    /// <summary>The file's rows, typed so that the table's write path can convert them to <paramref name="target"/>.</summary>
    /// <exception cref="StrataNotFoundException">The file does not exist.</exception>
    public static IEnumerable<RecordBatch> ReadFor(string path, Schema target)
    {
        var full = CheckFile(path);
        return IsCsv(full) ? ReadCsvAs(full, target) : BatchFiles.Read(full);
    }

    /// <summary>True when the file is CSV (by extension).</summary>
    public static bool IsCsv(string path) => string.Equals(Path.GetExtension(path), ".csv", StringComparison.OrdinalIgnoreCase);

    private static IEnumerable<RecordBatch> ReadCsvAs(string full, Schema target)
    {
        var header = CsvHeader.Read(full);
        if (header.Count == 0) throw new StrataInvalidInputException($"{full} is empty; a CSV file needs a header line.");
        var fields = header.Select(name => target.Contains(name) ? new Field(name, Readable(target[name].Type)) : new Field(name, DataType.String));
        return BatchFiles.ReadCsv(full, new Schema(fields));
    }

    // Vectors as plain lists, so a wrong length reaches the bad-vector policy instead of failing the cast.
    private static DataType Readable(DataType type) =>
        type.Kind == TypeKind.FixedSizeList ? DataType.List(type.ElementType!) : type;

    private static string CheckFile(string path)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full)) throw new StrataNotFoundException($"input file {full} does not exist.");
        return full;
    }
}
