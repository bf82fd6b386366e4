using Strata.Format;

namespace Strata.Tables;

/// <summary>
/// The transaction behind append, delete, update, merge-insert, compaction, overwrite and restore:
/// remove some fragments, change deletions of others, add new ones.
/// Rebase rules: appends never conflict; a fragment this operation removed or re-deleted must be
/// unchanged in the latest version (same deletions, same files), otherwise the commit fails with a
/// conflict; operations that write whole rows of the read schema require the schema to be unchanged.
/// </summary>
internal sealed class FragmentEditTransaction(Lake lake, ManifestStore store, OperationRecord operation) : Transaction
{
    private readonly SqlColumnFiller _filler = new(lake, store.TableId);

    public override OperationRecord Operation => operation;

    /// <summary>Fragments to remove, as they were read.</summary>
    public Dictionary<long, FragmentEntry> Removed { get; } = [];

    /// <summary>New deletion files for fragments, with the fragment as it was read.</summary>
    public Dictionary<long, (FragmentEntry Read, DeletionEntry Deletion)> Deletions { get; } = [];

    /// <summary>Fragments to add.</summary>
    public List<NewFragment> Added { get; } = [];

    /// <summary>Fail when the schema changed since the read (for rows written with every column).</summary>
    public bool RequireSameSchema { get; init; }

    /// <summary>Fail when anything at all was committed since the read (overwrite, restore).</summary>
    public bool RequireNoConcurrentCommit { get; init; }

    /// <summary>Replaces the whole content (fields and fragments), as overwrite and restore do.</summary>
    public TableManifest? ReplaceWith { get; init; }

    /// <summary>The snapshot read when planning (field ids of new files refer to it).</summary>
    public required TableSnapshot Read { get; init; }

    public IReadOnlyDictionary<string, string>? NewProperties { get; init; }

    public IReadOnlyList<LineageEntry>? Lineage { get; init; }

    public override async Task<TableManifest> BuildAsync(TableSnapshot latest, CancellationToken ct)
    {
        var m = latest.Manifest;
        if (RequireNoConcurrentCommit && latest.Version != ReadVersion)
            throw Conflict(latest, "the table changed since it was read");
        if (ReplaceWith is { } replacement)
        {
            return m with
            {
                Fields = replacement.Fields,
                Fragments = replacement.Fragments,
                NextFieldId = Math.Max(m.NextFieldId, replacement.NextFieldId),
                NextRowId = Math.Max(m.NextRowId, replacement.NextRowId),
                NextFragmentId = Math.Max(m.NextFragmentId, replacement.NextFragmentId),
                Properties = NewProperties ?? m.Properties,
                Lineage = Lineage ?? [],
                Description = replacement.Description ?? m.Description,
            };
        }
        if (RequireSameSchema && !SameFields(Read.Manifest, m))
            throw Conflict(latest, "its columns changed since it was read");

        var byId = m.Fragments.ToDictionary(f => f.Id);
        foreach (var (id, read) in Removed.Select(kv => (kv.Key, kv.Value)).Concat(Deletions.Select(kv => (kv.Key, kv.Value.Read))))
        {
            if (!byId.TryGetValue(id, out var now)) throw Conflict(latest, $"fragment {id} was rewritten by another commit");
            if (now.Deletion?.Path != read.Deletion?.Path) throw Conflict(latest, $"rows of fragment {id} were changed by another commit");
            if (Removed.ContainsKey(id) && now.Files.Count != read.Files.Count)
                throw Conflict(latest, $"fragment {id} gained columns in another commit");
        }

        var fragments = new List<FragmentEntry>(m.Fragments.Count + Added.Count);
        foreach (var f in m.Fragments)
        {
            if (Removed.ContainsKey(f.Id)) continue;
            fragments.Add(Deletions.TryGetValue(f.Id, out var d) ? f with { Deletion = d.Deletion } : f);
        }
        var nextFragment = m.NextFragmentId;
        var nextRow = m.NextRowId;
        var liveFieldIds = m.Fields.Select(f => f.Id).ToHashSet();
        var added = new List<FragmentEntry>();
        foreach (var nf in Added)
        {
            var files = nf.Files.Select(file => file with
            {
                Columns = file.Columns.Where(c => liveFieldIds.Contains(c.Key)).ToDictionary(c => c.Key, c => c.Value),
            }).ToList();
            var frag = new FragmentEntry
            {
                Id = nextFragment++,
                PhysicalRows = nf.PhysicalRows,
                RowIdStart = nf.HasExplicitRowIds ? null : nf.KeepRowIdStart ?? nextRow,
                Files = files,
            };
            if (!nf.HasExplicitRowIds && nf.KeepRowIdStart is null) nextRow += nf.PhysicalRows;
            added.Add(frag);
        }
        // Columns computed by SQL that were added after this operation read the table: fill them for the new fragments.
        var readFieldIds = Read.Manifest.Fields.Select(f => f.Id).ToHashSet();
        var lateSqlFields = m.Fields.Where(f => !readFieldIds.Contains(f.Id) && f.Provenance?.Kind == "sql").ToList();
        if (lateSqlFields.Count > 0)
            added = await _filler.FillAsync(latest, added, lateSqlFields, ct).ConfigureAwait(false);
        fragments.AddRange(added);

        var changed = ChangedFieldIds;
        var fields = m.Fields.Select(f => changed.Contains(f.Id) ? f with { ChangedInVersion = m.Version + 1 } : f).ToList();
        return m with
        {
            Fields = fields,
            Fragments = fragments,
            NextFragmentId = nextFragment,
            NextRowId = nextRow,
            Properties = NewProperties ?? m.Properties,
            Lineage = Lineage ?? m.Lineage,
        };
    }

    /// <summary>Fields whose values this commit changes (every field when rows are added or removed).</summary>
    public HashSet<int> ChangedFieldIds { get; init; } = [];

    public override IEnumerable<string> UnusedFiles(TableManifest? committed)
    {
        var written = Added.SelectMany(a => a.Files.Select(f => f.Path))
            .Concat(Deletions.Values.Select(d => d.Deletion.Path))
            .Concat(_filler.WrittenPaths);
        if (committed is null) return written;
        var used = committed.Fragments.SelectMany(f => f.Files.Select(x => x.Path).Append(f.Deletion?.Path ?? "")).ToHashSet();
        return written.Where(p => !used.Contains(p));
    }

    private static bool SameFields(TableManifest a, TableManifest b) =>
        a.Fields.Select(f => (f.Id, f.Type)).SequenceEqual(b.Fields.Select(f => (f.Id, f.Type)));

    private StrataConflictException Conflict(TableSnapshot latest, string why) =>
        new($"cannot commit '{operation.Kind}' on top of version {latest.Version}: {why} (read at version {ReadVersion}); re-read the table and retry.");
}
