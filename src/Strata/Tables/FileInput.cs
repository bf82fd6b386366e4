using System.Collections;
using Strata.Data;
using Strata.Engine;

namespace Strata.Tables;

/// <summary>
/// A file to be written into a table. Enumerated, it streams the file as batches (the general path, which
/// lets Strata check and convert every value); when <see cref="CanStayInEngine"/>, the writer instead lets
/// DuckDB read the file and hands its chunks straight to the Parquet COPYs, never converting a value to .NET.
/// </summary>
internal sealed class FileInput(string path, FileFormat format, Schema schema, Schema? enumerationSchema) : IEnumerable<RecordBatch>
{
    /// <summary>The full path of the file.</summary>
    public string Path => path;

    /// <summary>The file's format.</summary>
    public FileFormat Format => format;

    /// <summary>The columns the file is read as (given, or detected from the file).</summary>
    public Schema Schema => schema;

    /// <summary>
    /// True when no value needs .NET-side processing: a CSV of scalar columns (no lists or vectors, which the
    /// bad-vector policy judges), none of them, in the file or the table, required to be non-null (which only
    /// the batch path checks), and fragments of at least one engine vector (the engine path cuts between chunks).
    /// </summary>
    public bool CanStayInEngine(Schema table, long maxRowsPerFragment) =>
        format == FileFormat.Csv
        && maxRowsPerFragment >= DuckDbDatabase.VectorSize
        && schema.Fields.All(f => f.Nullable && IsScalar(f.Type.Kind)
            && (table.IndexOf(f.Name) is var i && (i < 0 || table[i].Nullable)));

    private static bool IsScalar(TypeKind kind) => kind is not (TypeKind.List or TypeKind.FixedSizeList or TypeKind.Struct);

    /// <inheritdoc />
    public IEnumerator<RecordBatch> GetEnumerator() => BatchFiles.Read(path, enumerationSchema).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
