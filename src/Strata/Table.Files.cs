
namespace Strata;

public sealed partial class Table
{
    /// <summary>Appends the rows of a CSV, JSON-lines or Parquet file (chosen by extension), streaming.</summary>
    public Task<TableVersion> AddFromFileAsync(string path, WriteOptions? options = null, CancellationToken cancellationToken = default) =>
        AddAsync(Lake.ReadFileForTable(path, Schema), options, cancellationToken);

    /// <summary>Upserts the rows of a file keyed by <paramref name="on"/>.</summary>
    public Task<MergeResult> MergeInsertFromFileAsync(IReadOnlyList<string> on, string path, MergeInsertOptions? options = null,
        CancellationToken cancellationToken = default) =>
        MergeInsertAsync(on, Lake.ReadFileForTable(path, Schema), options, cancellationToken);
}
