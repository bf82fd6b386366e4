using Strata.Data;
using Strata.Format;

namespace Strata.Tables;

/// <summary>
/// Computes SQL-expression columns for fragments that lack them: one new column-group file per
/// fragment holding just those columns, row-aligned with the fragment's other files. Existing files
/// are never rewritten. Results are cached by fragment (its first file) so a commit that is rebased
/// does not recompute fragments it already did.
/// </summary>
internal sealed class SqlColumnFiller(Lake lake, string tableId)
{
    private readonly Dictionary<(string FirstFile, string Fields), DataFileEntry> _cache = [];
    private readonly List<string> _written = [];

    public IReadOnlyList<string> WrittenPaths => _written;

    /// <summary>Returns the fragments with a file for <paramref name="sqlFields"/> added where missing.</summary>
    public async Task<List<FragmentEntry>> FillAsync(TableSnapshot schemaSource, IReadOnlyList<FragmentEntry> fragments,
        IReadOnlyList<FieldEntry> sqlFields, CancellationToken ct)
    {
        var result = new List<FragmentEntry>(fragments.Count);
        var writer = new FragmentWriter(lake, tableId);
        using var conn = lake.Engine.Connect();
        foreach (var frag in fragments)
        {
            var missing = sqlFields.Where(f => ScanPlanner.OwnerOf(frag, f.Id) is null).ToList();
            if (missing.Count == 0 || frag.PhysicalRows == 0)
            {
                result.Add(frag);
                continue;
            }
            var key = (frag.Files[0].Path, string.Join(',', missing.Select(f => f.Id)));
            if (!_cache.TryGetValue(key, out var file))
            {
                var inputs = schemaSource.Manifest.Fields.Where(f => !missing.Contains(f)).ToList();
                var source = await ScanPlanner.PhysicalFragmentSqlAsync(lake.Storage, schemaSource, frag, inputs, withRowId: false, ct)
                    .ConfigureAwait(false);
                var select = string.Join(", ", missing.Select(f =>
                    $"CAST(({f.Provenance!.Expression}) AS {schemaSource.TypeOf(f).ToSql()}) AS {SqlNames.Quote(f.Name)}"));
                var written = await writer.WriteQueryAsync(conn, $"SELECT {select} FROM ({source}) AS __src", missing.Select(f => f.Name).ToList(), ct)
                    .ConfigureAwait(false);
                _written.Add(written.Path);
                if (written.Rows != frag.PhysicalRows)
                    throw new StrataCorruptDataException(written.Path, $"computed {written.Rows} rows for a fragment of {frag.PhysicalRows}.");
                file = new DataFileEntry
                {
                    Path = written.Path,
                    Columns = missing.ToDictionary(f => f.Id, f => f.Name),
                    SizeBytes = written.SizeBytes,
                };
                _cache[key] = file;
            }
            result.Add(frag with { Files = [.. frag.Files, file] });
        }
        return result;
    }
}
