using Strata.Cli.Parsing;
using Strata.Data;

namespace Strata.Cli.Commands;

/// <summary>
/// Reads a data file for writing into an existing table. CSV carries no types, and the library's file
/// import sniffs them (a vector column arrives as text), so CSV columns that the table has are read as the
/// table's types, matched by the header's names; JSON lines and Parquet carry their own types and go through
/// the library's readers unchanged.
/// </summary>
internal static class TableInput
{
    /// <summary>True when the file is CSV (by extension).</summary>
    public static bool IsCsv(string path) => string.Equals(Path.GetExtension(path), ".csv", StringComparison.OrdinalIgnoreCase);

    /// <summary>The rows of a CSV file, each header column typed as the table's column of that name (text when the table has none).</summary>
    /// <exception cref="StrataNotFoundException">The file does not exist.</exception>
    public static IEnumerable<RecordBatch> ReadCsvAs(string path, Schema tableSchema)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full)) throw new StrataNotFoundException($"input file {full} does not exist.");
        var header = CsvHeader.Read(full);
        if (header.Count == 0) throw new StrataInvalidInputException($"{full} is empty; a CSV file needs a header line.");
        var fields = header.Select(name => tableSchema.Contains(name) ? tableSchema[name] with { Name = name } : new Field(name, DataType.String));
        return BatchFiles.ReadCsv(full, new Schema(fields));
    }
}
