using Strata.Format;
using Strata.Tables;

namespace Strata.Backfill;

/// <summary>
/// Commits backfilled column files: each fragment gets one more file holding the output columns (the
/// newest file of a field wins, so nothing else is rewritten). Rebases over anything that leaves the
/// fragments and the columns in place (appends, other columns' backfills, deletes); a fragment that a
/// concurrent commit removed (compaction, a rewrite) is left out and reported; a dropped or re-defined
/// column is a conflict.
/// </summary>
internal sealed class BackfillTransaction(OperationRecord operation, IReadOnlyList<int> fieldIds, string udfName, string udfVersion,
    IReadOnlyDictionary<long, DataFileEntry> files) : Transaction
{
    public override OperationRecord Operation => operation;

    /// <summary>Fragments left out of the last build because they no longer exist.</summary>
    public List<long> Lost { get; } = [];

    public override Task<TableManifest> BuildAsync(TableSnapshot latest, CancellationToken ct)
    {
        var m = latest.Manifest;
        foreach (var id in fieldIds)
        {
            var f = m.Fields.FirstOrDefault(x => x.Id == id)
                ?? throw new StrataConflictException($"a backfilled column was dropped (version {latest.Version}) before its results were committed.");
            if (f.Provenance?.Properties?.GetValueOrDefault("udf") is { } name && !string.Equals(name, udfName, StringComparison.OrdinalIgnoreCase))
                throw new StrataConflictException($"column '{f.Name}' now uses UDF '{name}', not '{udfName}'; backfill again.");
        }
        Lost.Clear();
        var present = m.Fragments.Select(f => f.Id).ToHashSet();
        foreach (var id in files.Keys) if (!present.Contains(id)) Lost.Add(id);
        var fragments = m.Fragments.Select(f => files.TryGetValue(f.Id, out var file) ? f with { Files = [.. f.Files, file] } : f).ToList();
        var next = m.Version + 1;
        var fields = m.Fields.Select(f => fieldIds.Contains(f.Id)
            ? f with
            {
                ChangedInVersion = next,
                Provenance = f.Provenance is null ? null : f.Provenance with { CodeHash = udfVersion },
            }
            : f).ToList();
        return Task.FromResult(m with { Fields = fields, Fragments = fragments });
    }

    public override IEnumerable<string> UnusedFiles(TableManifest? committed)
    {
        if (committed is null) return files.Values.Select(f => f.Path);
        var used = committed.Fragments.SelectMany(f => f.Files.Select(x => x.Path)).ToHashSet();
        return files.Values.Select(f => f.Path).Where(p => !used.Contains(p));
    }
}
