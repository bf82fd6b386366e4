using System.Globalization;
using Strata.Data;
using Strata.Engine;
using Strata.Format;
using Strata.Query;
using Strata.Tables;

namespace Strata;

public sealed partial class Table
{
    /// <summary>Appends rows (Geneva's <c>add</c>). Columns left out read as null (SQL columns are computed).</summary>
    /// <returns>The committed version.</returns>
    public Task<TableVersion> AddAsync(RecordBatch data, WriteOptions? options = null, CancellationToken cancellationToken = default) =>
        AddAsync([data], options, cancellationToken);

    /// <summary>Appends records (properties matched to columns by name).</summary>
    public Task<TableVersion> AddAsync<T>(IEnumerable<T> records, WriteOptions? options = null, CancellationToken cancellationToken = default) =>
        AddAsync([RecordBatch.FromRecords(records)], options, cancellationToken);

    /// <summary>Appends a stream of batches as one commit (files of at most MaxRowsPerFragment rows each).</summary>
    public async Task<TableVersion> AddAsync(IEnumerable<RecordBatch> data, WriteOptions? options = null, CancellationToken cancellationToken = default)
    {
        EnsureWritable();
        var read = await _store.ReadLatestAsync(cancellationToken).ConfigureAwait(false);
        var tx = await PlanAppendAsync(read, data, options ?? WriteOptions.Default, "append", cancellationToken).ConfigureAwait(false);
        if (tx is null) return TableVersion.From(read.Manifest);
        var snap = await CommitAsync(tx, cancellationToken).ConfigureAwait(false);
        return TableVersion.From(snap.Manifest);
    }

    internal async Task<FragmentEditTransaction?> PlanAppendAsync(TableSnapshot read, IEnumerable<RecordBatch> data, WriteOptions options,
        string operation, CancellationToken ct)
    {
        var prep = new InputPreparer(read, options);
        List<(WrittenFile File, Dictionary<int, string> Columns)> files;
        if (data is FileInput input && input.CanStayInEngine(read.Schema, Lake.Options.MaxRowsPerFragment))
        {
            prep.Prepare(RecordBatch.Empty(input.Schema)); // checks the columns against the table; fixes the input schema
            files = await new FragmentWriter(Lake, Id).WriteFileAsync(input.Path, input.Format, prep.InputSchema!, prep.FileSelect, ct).ConfigureAwait(false);
        }
        else
        {
            // A small input (a system table's commit, a few rows) is written without the engine when its columns allow.
            var writer = new FragmentWriter(Lake, Id);
            var limit = Math.Min(FragmentWriter.SmallRows, Lake.Options.MaxRowsPerFragment);
            var (head, rest) = TakeUpTo(data.Select(prep.Prepare), limit);
            var rows = head.Sum(b => (long)b.RowCount);
            if (rest is null && rows == 0) files = [];
            else if (rest is null && prep.DirectColumns() is { } direct
                && FragmentWriter.WritesDirectly(direct.Select(d => head[0].Columns[d.Index].Type).ToList(), rows))
            {
                var whole = BatchConcat.Concat(head[0].Schema, head);
                var file = await writer.WriteColumnsAsync(direct.Select(d => d.Name).ToList(), direct.Select(d => whole.Columns[d.Index]).ToList(), ct)
                    .ConfigureAwait(false);
                files = [(file, direct.ToDictionary(d => d.FieldId, d => d.Name))];
            }
            else files = await writer.WriteBatchesAsync(rest is null ? head : head.Concat(rest), prep.FileSelect, ct).ConfigureAwait(false);
        }
        if (files.Count == 0) return null;
        var tx = new FragmentEditTransaction(Lake, _store, new OperationRecord(operation, new Dictionary<string, string>
        {
            ["rows"] = files.Sum(f => f.File.Rows).ToString(CultureInfo.InvariantCulture),
        }))
        {
            ReadVersion = read.Version,
            Read = read,
            ChangedFieldIds = prep.AllFieldIds(),
        };
        foreach (var (file, columns) in files)
            tx.Added.Add(new NewFragment(file.Rows, [new DataFileEntry { Path = file.Path, Columns = columns, SizeBytes = file.SizeBytes }], false));
        return tx;
    }

    /// <summary>The first batches of <paramref name="source"/> up to <paramref name="maxRows"/> rows; the rest (null when none is left) continues the same enumeration.</summary>
    private static (List<RecordBatch> Head, IEnumerable<RecordBatch>? Remainder) TakeUpTo(IEnumerable<RecordBatch> source, long maxRows)
    {
        var e = source.GetEnumerator();
        var head = new List<RecordBatch>();
        long rows = 0;
        try
        {
            while (e.MoveNext())
            {
                head.Add(e.Current);
                rows += e.Current.RowCount;
                if (rows > maxRows) return (head, Remaining(e));
            }
        }
        catch
        {
            e.Dispose();
            throw;
        }
        e.Dispose();
        return (head, null);

        static IEnumerable<RecordBatch> Remaining(IEnumerator<RecordBatch> e)
        {
            using (e)
                while (e.MoveNext()) yield return e.Current;
        }
    }

    /// <summary>Deletes the rows matching a SQL predicate; returns how many were deleted.</summary>
    public async Task<long> DeleteAsync(string where, CancellationToken cancellationToken = default)
    {
        EnsureWritable();
        SqlGuard.Expression(where, "where clause");
        var read = await _store.ReadLatestAsync(cancellationToken).ConfigureAwait(false);
        var tx = new FragmentEditTransaction(Lake, _store, new OperationRecord("delete", new Dictionary<string, string> { ["where"] = where }))
        {
            ReadVersion = read.Version,
            Read = read,
            ChangedFieldIds = read.Manifest.Fields.Select(f => f.Id).ToHashSet(),
        };
        var deleted = await PlanDeletionsAsync(read, $"({where})", tx, cancellationToken).ConfigureAwait(false);
        if (deleted == 0) return 0;
        await CommitAsync(tx, cancellationToken).ConfigureAwait(false);
        return deleted;
    }

    /// <summary>
    /// Marks rows matching <paramref name="predicate"/> deleted in <paramref name="tx"/>: per affected fragment,
    /// a new deletion file (old positions ∪ new), or removal of the fragment when no row is left.
    /// </summary>
    private async Task<long> PlanDeletionsAsync(TableSnapshot read, string predicate, FragmentEditTransaction tx, CancellationToken ct)
    {
        var tagged = await ScanPlanner.TaggedScanAsync(Lake.Storage, read, read.Manifest.Fragments, ct).ConfigureAwait(false);
        using var conn = Lake.Engine.Connect();
        var counts = conn.QueryAll($"SELECT __frag, count(*) AS n FROM ({tagged}) AS __t WHERE {predicate} GROUP BY __frag");
        long total = 0;
        var fragIds = (PrimitiveColumn<long>)counts.Column("__frag");
        var ns = counts.Column("n");
        var byId = read.Manifest.Fragments.ToDictionary(f => f.Id);
        var writer = new FragmentWriter(Lake, Id);
        for (var i = 0; i < counts.RowCount; i++)
        {
            var frag = byId[fragIds[i]];
            var n = Convert.ToInt64(ns.GetValue(i), CultureInfo.InvariantCulture);
            total += n;
            if (frag.LiveRowCount == n)
            {
                tx.Removed[frag.Id] = frag;
                continue;
            }
            var one = await ScanPlanner.TaggedScanAsync(Lake.Storage, read, [frag], ct).ConfigureAwait(false);
            var positions = $"SELECT __pos AS pos FROM ({one}) AS __t WHERE {predicate}";
            if (frag.Deletion is { } old)
            {
                var oldLocal = await Lake.Storage.GetLocalPathAsync(old.Path, ct).ConfigureAwait(false);
                positions += $" UNION ALL SELECT pos FROM read_parquet({SqlNames.Literal(oldLocal)})";
            }
            var file = await writer.WriteQueryAsync(conn, $"SELECT CAST(pos AS BIGINT) AS pos FROM ({positions}) ORDER BY pos", ["pos"], ct)
                .ConfigureAwait(false);
            tx.Deletions[frag.Id] = (frag, new DeletionEntry(file.Path, file.Rows));
        }
        return total;
    }

    /// <summary>
    /// Sets columns to SQL expressions on the rows matching <paramref name="where"/> (all rows when null);
    /// returns how many rows changed. Updated rows keep their row ids.
    /// </summary>
    public async Task<long> UpdateAsync(string? where, IReadOnlyDictionary<string, string> set, CancellationToken cancellationToken = default)
    {
        EnsureWritable();
        if (set is null || set.Count == 0) throw new StrataInvalidInputException("update needs at least one 'column = expression'.");
        if (where is not null) SqlGuard.Expression(where, "where clause");
        var read = await _store.ReadLatestAsync(cancellationToken).ConfigureAwait(false);
        var assignments = new Dictionary<int, string>();
        foreach (var (column, expr) in set)
        {
            var f = read.Field(column);
            assignments[f.Id] = SqlGuard.Expression(expr, $"value for '{column}'");
        }
        var predicate = where is null ? "true" : $"({where})";
        var tx = new FragmentEditTransaction(Lake, _store, new OperationRecord("update", new Dictionary<string, string>
        {
            ["where"] = where ?? "",
            ["set"] = string.Join(", ", set.Select(kv => $"{kv.Key} = {kv.Value}")),
        }))
        {
            ReadVersion = read.Version,
            Read = read,
            RequireSameSchema = true,
            ChangedFieldIds = assignments.Keys.ToHashSet(),
        };
        var tagged = await ScanPlanner.TaggedScanAsync(Lake.Storage, read, read.Manifest.Fragments, cancellationToken).ConfigureAwait(false);
        var select = string.Join(", ", read.Manifest.Fields.Select(f => assignments.TryGetValue(f.Id, out var e)
            ? $"CAST(({e}) AS {read.TypeOf(f).ToSql()}) AS {SqlNames.Quote(f.Name)}"
            : SqlNames.Quote(f.Name)));
        var rows = await WriteRowsKeepingIdsAsync(read,
            RecomputeSqlColumns(read, $"SELECT {select}, {FormatConstants.RowIdColumn} FROM ({tagged}) AS __t WHERE {predicate}", assignments.Keys.ToHashSet()),
            tx, cancellationToken).ConfigureAwait(false);
        foreach (var f in read.Manifest.Fields.Where(f => f.Provenance?.Kind == "sql")) tx.ChangedFieldIds.Add(f.Id);
        if (rows == 0) return 0;
        var deleted = await PlanDeletionsAsync(read, predicate, tx, cancellationToken).ConfigureAwait(false);
        if (deleted != rows)
            throw new StrataConflictException($"update matched {deleted} rows to delete but wrote {rows}; the predicate must be deterministic.");
        await CommitAsync(tx, cancellationToken).ConfigureAwait(false);
        return rows;
    }

    /// <summary>
    /// Wraps a query yielding all fields + _rowid so that SQL-expression columns (other than those in
    /// <paramref name="given"/>) are computed again from the row's new values, as stored generated columns are.
    /// </summary>
    internal static string RecomputeSqlColumns(TableSnapshot read, string rowsSql, ISet<int> given)
    {
        var sqlFields = read.Manifest.Fields.Where(f => f.Provenance is { Kind: "sql", Expression: not null } && !given.Contains(f.Id)).ToList();
        if (sqlFields.Count == 0) return rowsSql;
        var outer = read.Manifest.Fields.Select(f => sqlFields.Contains(f)
            ? $"CAST(({f.Provenance!.Expression}) AS {read.TypeOf(f).ToSql()}) AS {SqlNames.Quote(f.Name)}"
            : SqlNames.Quote(f.Name));
        return $"SELECT {string.Join(", ", outer)}, {FormatConstants.RowIdColumn} FROM ({rowsSql}) AS __rows";
    }

    /// <summary>Writes rows (all fields + _rowid, from a query) as a new fragment that keeps their row ids.</summary>
    private async Task<long> WriteRowsKeepingIdsAsync(TableSnapshot read, string sql, FragmentEditTransaction tx, CancellationToken ct)
    {
        using var conn = Lake.Engine.Connect();
        var names = read.Manifest.Fields.Select(f => f.Name).Append(FormatConstants.RowIdColumn).ToList();
        var file = await new FragmentWriter(Lake, Id).WriteQueryAsync(conn, sql, names, ct).ConfigureAwait(false);
        if (file.Rows == 0)
        {
            await Lake.Storage.DeleteAsync(file.Path, ct).ConfigureAwait(false);
            return 0;
        }
        tx.Added.Add(new NewFragment(file.Rows,
            [new DataFileEntry
            {
                Path = file.Path,
                Columns = read.Manifest.Fields.ToDictionary(f => f.Id, f => f.Name),
                HasRowIds = true,
                SizeBytes = file.SizeBytes,
            }], true));
        return file.Rows;
    }
}
