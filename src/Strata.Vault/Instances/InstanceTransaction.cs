using Strata.Format;
using Strata.Tables;

namespace Strata.Vault.Instances;

/// <summary>
/// Commits a materialized instance as the table's next version: the whole content is replaced by the
/// instance's columns and fragments (reused fragments of the origin keep their files; nothing is rewritten),
/// and the manifest carries the instance's named version, id, process, success flag and lineage.
/// Fields whose <see cref="FieldEntry.ChangedInVersion"/> is -1 changed in this version.
/// </summary>
internal sealed class InstanceTransaction(OperationRecord operation) : Transaction
{
    public override OperationRecord Operation => operation;
    public required IReadOnlyList<FieldEntry> Fields { get; init; }
    public IReadOnlyList<FragmentEntry> Reused { get; init; } = [];
    public IReadOnlyList<NewFragment> Added { get; init; } = [];
    public required string InstanceId { get; init; }
    public required string NamedVersion { get; init; }
    public required string ProcessId { get; init; }
    public bool Success { get; init; } = true;
    public string? Description { get; init; }
    public IReadOnlyList<LineageEntry> Lineage { get; init; } = [];

    public override Task<TableManifest> BuildAsync(TableSnapshot latest, CancellationToken ct)
    {
        var m = latest.Manifest;
        var next = m.Version + 1;
        var fields = Fields.Select(f => f.ChangedInVersion < 0 ? f with { ChangedInVersion = next } : f).ToList();
        var fragments = new List<FragmentEntry>(Reused);
        var nextFragment = Math.Max(m.NextFragmentId, Reused.Count == 0 ? 0 : Reused.Max(f => f.Id) + 1);
        var nextRow = Math.Max(m.NextRowId, Reused.Count == 0 ? 0 : Reused.Max(f => (f.RowIdStart ?? 0) + f.PhysicalRows));
        foreach (var nf in Added)
        {
            fragments.Add(new FragmentEntry { Id = nextFragment++, PhysicalRows = nf.PhysicalRows, RowIdStart = nextRow, Files = nf.Files });
            nextRow += nf.PhysicalRows;
        }
        return Task.FromResult(m with
        {
            Fields = fields,
            Fragments = fragments,
            NextFieldId = Math.Max(m.NextFieldId, fields.Count == 0 ? 0 : fields.Max(f => f.Id) + 1),
            NextFragmentId = nextFragment,
            NextRowId = nextRow,
            NamedVersion = NamedVersion,
            InstanceId = InstanceId,
            ProcessId = ProcessId,
            Success = Success,
            Description = Description,
            Lineage = Lineage,
        });
    }

    public override IEnumerable<string> UnusedFiles(TableManifest? committed) =>
        committed is null ? Added.SelectMany(a => a.Files.Select(f => f.Path)) : [];
}
