using System.Globalization;
using Strata.Data;
using Strata.Format;
using Strata.Tables;

namespace Strata;

public sealed partial class Table
{
    /// <summary>Upserts rows keyed by <paramref name="on"/> (Geneva's <c>merge_insert</c>).</summary>
    public Task<MergeResult> MergeInsertAsync(IReadOnlyList<string> on, RecordBatch data, MergeInsertOptions? options = null,
        CancellationToken cancellationToken = default) => MergeInsertAsync(on, [data], options, cancellationToken);

    /// <summary>
    /// Upserts rows keyed by <paramref name="on"/>: target rows whose keys match a source row take the
    /// source's values for the columns the source has (keeping their row ids); unmatched source rows are
    /// inserted; optionally target rows missing from the source are deleted. Keys must be unique in the source.
    /// </summary>
    public async Task<MergeResult> MergeInsertAsync(IReadOnlyList<string> on, IEnumerable<RecordBatch> data, MergeInsertOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        EnsureWritable();
        options ??= new MergeInsertOptions();
        if (on is null || on.Count == 0) throw new StrataInvalidInputException("merge-insert needs at least one key column (on).");
        var read = await _store.ReadLatestAsync(cancellationToken).ConfigureAwait(false);
        var keys = on.Select(k => read.Field(k).Name).ToList();
        var prep = new InputPreparer(read, options.Write);
        using var conn = Lake.Engine.Connect();
        var stagedName = "_m_" + Ids.Random(6);
        var staged = SqlNames.Quote(stagedName);
        var created = false;
        try
        {
            foreach (var batch in data)
            {
                var p = prep.Prepare(batch);
                if (!created)
                {
                    conn.CreateTable(stagedName, p.Schema, temporary: false);
                    created = true;
                }
                conn.Append(stagedName, p);
            }
            if (!created) return new MergeResult(read.Version, 0, 0, 0);
            var input = prep.InputSchema!;
            foreach (var k in keys)
                if (!input.Contains(k)) throw new StrataInvalidInputException($"the source data has no key column '{k}'.");
            var keyList = string.Join(", ", keys.Select(SqlNames.Quote));
            var dup = Convert.ToInt64(conn.QueryScalar(
                $"SELECT count(*) FROM (SELECT {keyList} FROM {staged} GROUP BY {keyList} HAVING count(*) > 1)"), CultureInfo.InvariantCulture);
            if (dup > 0)
                throw new StrataInvalidInputException($"the source has {dup} key value(s) that appear more than once in ({string.Join(", ", keys)}); keys must be unique.");

            var matchT = string.Join(" AND ", keys.Select(k => $"__s.{SqlNames.Quote(k)} = __t.{SqlNames.Quote(k)}"));
            var tx = new FragmentEditTransaction(Lake, _store, new OperationRecord("merge_insert", new Dictionary<string, string>
            {
                ["on"] = string.Join(",", keys),
            }))
            {
                ReadVersion = read.Version,
                Read = read,
                RequireSameSchema = true,
                ChangedFieldIds = read.Manifest.Fields.Select(f => f.Id).ToHashSet(),
            };
            var tagged = await ScanPlanner.TaggedScanAsync(Lake.Storage, read, read.Manifest.Fragments, cancellationToken).ConfigureAwait(false);
            long updated = 0, inserted = 0, deleted = 0;
            if (options.WhenMatchedUpdateAll)
            {
                var select = string.Join(", ", read.Manifest.Fields.Select(f => input.Contains(f.Name)
                    ? $"CAST(__s.{SqlNames.Quote(f.Name)} AS {read.TypeOf(f).ToSql()}) AS {SqlNames.Quote(f.Name)}"
                    : $"__t.{SqlNames.Quote(f.Name)}"));
                var given = read.Manifest.Fields.Where(f => input.Contains(f.Name)).Select(f => f.Id).ToHashSet();
                updated = await WriteRowsKeepingIdsAsync(read,
                    RecomputeSqlColumns(read, $"SELECT {select}, __t.{FormatConstants.RowIdColumn} FROM ({tagged}) AS __t JOIN {staged} AS __s ON {matchT}", given),
                    tx, cancellationToken).ConfigureAwait(false);
                if (updated > 0)
                {
                    var d = await PlanDeletionsAsync(read, $"EXISTS (SELECT 1 FROM {staged} AS __s WHERE {matchT})", tx, cancellationToken)
                        .ConfigureAwait(false);
                    if (d != updated) throw new StrataConflictException($"merge-insert matched {d} target rows but updated {updated}.");
                }
            }
            if (options.WhenNotMatchedBySourceDelete)
            {
                if (tx.Deletions.Count > 0 || tx.Removed.Count > 0)
                    throw new StrataInvalidInputException("merge-insert cannot both update matched rows and delete rows not matched by the source in one call; run two merges.");
                deleted = await PlanDeletionsAsync(read, $"NOT EXISTS (SELECT 1 FROM {staged} AS __s WHERE {matchT})", tx, cancellationToken)
                    .ConfigureAwait(false);
            }
            if (options.WhenNotMatchedInsertAll)
            {
                var unmatched = $"(SELECT * FROM {staged} AS __s WHERE NOT EXISTS (SELECT 1 FROM ({tagged}) AS __t WHERE {matchT}))";
                var (sql, columns) = prep.FileSelect(unmatched);
                var file = await new FragmentWriter(Lake, Id).WriteQueryAsync(conn, sql, columns.Values.ToList(), cancellationToken).ConfigureAwait(false);
                inserted = file.Rows;
                if (inserted > 0)
                    tx.Added.Add(new NewFragment(file.Rows, [new DataFileEntry { Path = file.Path, Columns = columns, SizeBytes = file.SizeBytes }], false));
                else
                    await Lake.Storage.DeleteAsync(file.Path, cancellationToken).ConfigureAwait(false);
            }
            if (updated == 0 && inserted == 0 && deleted == 0) return new MergeResult(read.Version, 0, 0, 0);
            var snap = await CommitAsync(tx, cancellationToken).ConfigureAwait(false);
            return new MergeResult(snap.Version, updated, inserted, deleted);
        }
        finally
        {
            if (created) conn.Execute($"DROP TABLE IF EXISTS {staged}");
        }
    }
}
