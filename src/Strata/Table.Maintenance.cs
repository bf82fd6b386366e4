using Strata.Data;
using Strata.Format;
using Strata.Tables;

namespace Strata;

public sealed partial class Table
{
    /// <summary>
    /// Merges small fragments, column groups and deletions into fragments of about the target size, as
    /// one new version. Row ids are kept. Conflicts only with commits that changed the same fragments.
    /// </summary>
    public async Task<MaintenanceResult> CompactAsync(CompactOptions? options = null, CancellationToken cancellationToken = default)
    {
        EnsureWritable();
        options ??= new CompactOptions();
        var read = await _store.ReadLatestAsync(cancellationToken).ConfigureAwait(false);
        var target = Math.Max(1, options.TargetRowsPerFragment);
        bool NeedsWork(FragmentEntry f) =>
            f.Files.Count > 1 || f.LiveRowCount < target / 2
            || (f.Deletion is not null && (double)f.Deletion.Count / f.PhysicalRows > options.MaxDeletedFraction);
        var candidates = read.Manifest.Fragments.Where(NeedsWork).ToList();
        // Group consecutive candidates up to the target size; a lone small fragment with one file and no deletions stays.
        var groups = new List<List<FragmentEntry>>();
        var current = new List<FragmentEntry>();
        long rows = 0;
        foreach (var f in candidates)
        {
            if (current.Count > 0 && rows + f.LiveRowCount > target)
            {
                groups.Add(current);
                current = [];
                rows = 0;
            }
            current.Add(f);
            rows += f.LiveRowCount;
        }
        if (current.Count > 0) groups.Add(current);
        groups.RemoveAll(g => g.Count == 1 && g[0].Files.Count == 1 && g[0].Deletion is null);
        if (groups.Count == 0) return new MaintenanceResult(read.Version, 0, 0, 0, 0, 0);
        return await RewriteGroupsAsync(read, groups, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Merges the last fragments of the newest version into one, from the index <paramref name="chooseStart"/> picks over
    /// the fragments' live row counts (-1: nothing to do). The tiered compaction of system tables: only the recent small
    /// fragments are rewritten, never the whole table.
    /// </summary>
    internal async Task<MaintenanceResult?> CompactTailAsync(Func<IReadOnlyList<long>, int> chooseStart, CancellationToken ct)
    {
        EnsureWritable();
        var read = await _store.ReadLatestAsync(ct).ConfigureAwait(false);
        var fragments = read.Manifest.Fragments;
        var start = chooseStart(fragments.Select(f => f.LiveRowCount).ToList());
        if (start < 0 || start >= fragments.Count - 1) return null;
        return await RewriteGroupsAsync(read, [fragments.Skip(start).ToList()], ct).ConfigureAwait(false);
    }

    /// <summary>Rewrites each group of consecutive fragments as one fragment, in one commit.</summary>
    private async Task<MaintenanceResult> RewriteGroupsAsync(TableSnapshot read, List<List<FragmentEntry>> groups, CancellationToken cancellationToken)
    {
        var tx = new FragmentEditTransaction(Lake, _store, new OperationRecord("compact"))
        {
            ReadVersion = read.Version,
            Read = read,
        };
        using var conn = Lake.Engine.Connect();
        var writer = new FragmentWriter(Lake, Id);
        var fields = read.Manifest.Fields;
        foreach (var group in groups)
        {
            foreach (var f in group) tx.Removed[f.Id] = f;
            if (group.All(f => f.LiveRowCount == 0)) continue;
            var contiguous = group.All(f => f.RowIdStart is not null && f.Deletion is null)
                && group.Zip(group.Skip(1)).All(p => p.First.RowIdStart + p.First.PhysicalRows == p.Second.RowIdStart);
            var source = await ScanPlanner.TaggedScanAsync(Lake.Storage, read, group, cancellationToken).ConfigureAwait(false);
            var names = fields.Select(f => f.Name).ToList();
            var select = string.Join(", ", names.Select(SqlNames.Quote));
            if (!contiguous)
            {
                names.Add(FormatConstants.RowIdColumn);
                select += ", " + FormatConstants.RowIdColumn;
            }
            var sql = $"SELECT {select} FROM ({source}) AS __t ORDER BY {FormatConstants.RowIdColumn}";
            var liveRows = group.Sum(f => f.LiveRowCount);
            var types = fields.Select(read.TypeOf).Concat(contiguous ? [] : [DataType.Int64]).ToList();
            WrittenFile file;
            // A small group (a system table's one-row commits) is read into memory and written without the engine's COPY.
            if (liveRows <= FragmentWriter.SmallRows && FragmentWriter.WritesDirectly(types, liveRows))
            {
                var merged = Lake.RunEngine(() => conn.QueryAll(sql));
                file = await writer.WriteColumnsAsync(names, merged.Columns.ToList(), cancellationToken).ConfigureAwait(false);
            }
            else file = await writer.WriteQueryAsync(conn, sql, names, cancellationToken).ConfigureAwait(false);
            var entry = new DataFileEntry
            {
                Path = file.Path,
                Columns = fields.ToDictionary(f => f.Id, f => f.Name),
                HasRowIds = !contiguous,
                SizeBytes = file.SizeBytes,
            };
            entry = entry with { ComputedFields = CarriedComputations(read, group, entry) };
            tx.Added.Add(new NewFragment(file.Rows, [entry], !contiguous, contiguous ? group[0].RowIdStart : null));
        }
        var snap = await CommitAsync(tx, cancellationToken).ConfigureAwait(false);
        return new MaintenanceResult(snap.Version, tx.Removed.Count, tx.Added.Count, 0, 0, 0);
    }

    /// <summary>
    /// UDF columns that were up to date in every fragment of a compacted group stay up to date in the
    /// merged file (same UDF version; inputs now in the merged file), so the next backfill has nothing to redo.
    /// </summary>
    private static Dictionary<int, Format.ComputedEntry>? CarriedComputations(TableSnapshot read, List<FragmentEntry> group, DataFileEntry merged)
    {
        Dictionary<int, Format.ComputedEntry>? result = null;
        var mergedFragment = new FragmentEntry { Id = -1, PhysicalRows = 0, Files = [merged] };
        foreach (var f in read.Manifest.Fields)
        {
            if (f.Provenance is not { Kind: "udf", CodeHash: { } version } prov) continue;
            var inputs = (prov.Inputs ?? []).Select(n => read.Manifest.Fields.FirstOrDefault(x => string.Equals(x.Name, n, StringComparison.OrdinalIgnoreCase))).ToList();
            if (inputs.Any(i => i is null)) continue;
            var inputFields = inputs.Cast<FieldEntry>().ToList();
            if (!group.All(frag => Backfill.BackfillPlanner.IsUpToDate(frag, f.Id, version, Backfill.BackfillPlanner.InputsKey(frag, inputFields)))) continue;
            (result ??= [])[f.Id] = new Format.ComputedEntry(version, Backfill.BackfillPlanner.InputsKey(mergedFragment, inputFields));
        }
        return result;
    }

    /// <summary>
    /// Deletes old versions (keeping the newest <see cref="CleanupOptions.KeepVersions"/>, tagged ones, and
    /// optionally recent ones) and every data file no kept version needs. Files never referenced by any
    /// version are deleted only after the grace period, so writes in flight are safe.
    /// </summary>
    public async Task<MaintenanceResult> CleanupAsync(CleanupOptions? options = null, CancellationToken cancellationToken = default)
    {
        EnsureWritable();
        options ??= new CleanupOptions();
        var keep = Math.Max(1, options.KeepVersions);
        var versions = await _store.Log.ListAsync(cancellationToken).ConfigureAwait(false);
        var tagged = (await ListTagsAsync(cancellationToken).ConfigureAwait(false)).Values.ToHashSet();
        var now = DateTimeOffset.UtcNow;
        var kept = new List<TableSnapshot>();
        var removed = new List<TableSnapshot>();
        for (var i = 0; i < versions.Count; i++)
        {
            var snap = await _store.ReadAsync(versions[i], cancellationToken).ConfigureAwait(false);
            var isKept = i >= versions.Count - keep || tagged.Contains(versions[i])
                || (options.KeepNewerThan is { } age && now - snap.Manifest.Timestamp < age);
            (isKept ? kept : removed).Add(snap);
        }
        static IEnumerable<string> FilesOf(TableManifest m) =>
            m.Fragments.SelectMany(f => f.Files.Select(x => x.Path).Concat(f.Deletion is null ? [] : [f.Deletion.Path]));
        var needed = kept.SelectMany(s => FilesOf(s.Manifest)).ToHashSet(StringComparer.Ordinal);
        var onceUsed = removed.SelectMany(s => FilesOf(s.Manifest)).ToHashSet(StringComparer.Ordinal);

        // Manifests first: a crash between the two steps leaves unreferenced files, never a version with missing files.
        foreach (var s in removed) await _store.Log.DeleteAsync(s.Version, cancellationToken).ConfigureAwait(false);
        int files = 0;
        long bytes = 0;
        await foreach (var e in Lake.Storage.ListAsync(FormatConstants.TableDataFolder(Id), cancellationToken).ConfigureAwait(false))
        {
            if (needed.Contains(e.Path)) continue;
            if (!onceUsed.Contains(e.Path) && now - e.LastModified < options.OrphanGracePeriod) continue;
            await Lake.Storage.DeleteAsync(e.Path, cancellationToken).ConfigureAwait(false);
            files++;
            bytes += e.Size;
        }
        // Backfill checkpoints of fragments that no longer exist (after the grace period, so a running backfill is never harmed).
        var live = (await _store.ReadLatestAsync(cancellationToken).ConfigureAwait(false)).Manifest.Fragments.Select(f => f.Id).ToHashSet();
        await foreach (var e in Lake.Storage.ListAsync(FormatConstants.TableCheckpointsFolder(Id), cancellationToken).ConfigureAwait(false))
        {
            var name = e.Path[(e.Path.LastIndexOf('/') + 1)..];
            var dash = name.IndexOf('-', StringComparison.Ordinal);
            if (dash <= 0 || !long.TryParse(name.AsSpan(0, dash), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var fragId)) continue;
            if (live.Contains(fragId) || now - e.LastModified < options.OrphanGracePeriod) continue;
            await Lake.Storage.DeleteAsync(e.Path, cancellationToken).ConfigureAwait(false);
            files++;
            bytes += e.Size;
        }
        return new MaintenanceResult(Version, 0, 0, removed.Count, files, bytes);
    }
}
