using Strata.Data;
using Strata.Format;

namespace Strata.Tables;

/// <summary>
/// Adds, drops or renames columns. Added SQL columns are computed for every fragment of the latest
/// version (cached across rebases, so a concurrent append only costs its own fragments); typed null
/// columns and UDF columns are metadata only. Drops and renames never touch data files.
/// Conflicts: adding a name that now exists, dropping or renaming a column that no longer exists.
/// </summary>
internal sealed class SchemaEditTransaction(Lake lake, ManifestStore store, OperationRecord operation) : Transaction
{
    private readonly SqlColumnFiller _filler = new(lake, store.TableId);

    public override OperationRecord Operation => operation;

    /// <summary>Columns to add: name, type, provenance (kind "sql" with an expression is computed).</summary>
    public List<(Field Field, ColumnProvenance Provenance)> Add { get; } = [];

    /// <summary>Columns to drop, by name.</summary>
    public List<string> Drop { get; } = [];

    /// <summary>Columns to rename: old name → new name.</summary>
    public List<(string From, string To)> Rename { get; } = [];

    /// <summary>Columns whose provenance is replaced (alter a UDF column): name → provenance.</summary>
    public List<(string Name, ColumnProvenance Provenance)> Alter { get; } = [];

    public override async Task<TableManifest> BuildAsync(TableSnapshot latest, CancellationToken ct)
    {
        var m = latest.Manifest;
        var fields = m.Fields.ToList();
        var nextVersion = m.Version + 1;
        int Find(string name) => fields.FindIndex(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));

        foreach (var name in Drop)
        {
            var i = Find(name);
            if (i < 0) throw Conflict(latest, $"column '{name}' does not exist");
            fields.RemoveAt(i);
        }
        foreach (var (from, to) in Rename)
        {
            var i = Find(from);
            if (i < 0) throw Conflict(latest, $"column '{from}' does not exist");
            var j = Find(to);
            if (j >= 0 && j != i) throw Conflict(latest, $"column '{to}' already exists");
            fields[i] = fields[i] with { Name = to };
        }
        foreach (var (name, provenance) in Alter)
        {
            var i = Find(name);
            if (i < 0) throw Conflict(latest, $"column '{name}' does not exist");
            fields[i] = fields[i] with { Provenance = provenance, ChangedInVersion = nextVersion };
        }
        var nextFieldId = m.NextFieldId;
        var added = new List<FieldEntry>();
        foreach (var (field, provenance) in Add)
        {
            if (Find(field.Name) >= 0) throw Conflict(latest, $"column '{field.Name}' already exists");
            var entry = new FieldEntry
            {
                Id = nextFieldId++,
                Name = field.Name,
                Type = field.Type.ToString(),
                Nullable = true,
                Provenance = provenance,
                ChangedInVersion = nextVersion,
            };
            fields.Add(entry);
            added.Add(entry);
        }
        var next = m with { Fields = fields, NextFieldId = nextFieldId };
        var sqlFields = added.Where(f => f.Provenance?.Kind == "sql").ToList();
        if (sqlFields.Count == 0) return next;
        var schemaSource = new TableSnapshot(next, store.Log.PathOf(nextVersion));
        var fragments = await _filler.FillAsync(schemaSource, m.Fragments, sqlFields, ct).ConfigureAwait(false);
        return next with { Fragments = fragments };
    }

    public override IEnumerable<string> UnusedFiles(TableManifest? committed)
    {
        if (committed is null) return _filler.WrittenPaths;
        var used = committed.Fragments.SelectMany(f => f.Files.Select(x => x.Path)).ToHashSet();
        return _filler.WrittenPaths.Where(p => !used.Contains(p));
    }

    private StrataConflictException Conflict(TableSnapshot latest, string why) =>
        new($"cannot commit '{operation.Kind}' on top of version {latest.Version}: {why}.");
}
