using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Strata.Catalog;
using Strata.Format;
using Strata.Data;
using Strata.Tables;
using Strata.Vault.Builders;
using Strata.Vault.Instances;
using Strata.Vault.Model;
using Strata.Vault.Modules;
using Strata.Vault.Processes;

namespace Strata.Vault.Execution;

/// <summary>
/// Runs a draft's builders incrementally against its origin and returns the plan of the new instance.
/// The index builder runs when its own hash or its inputs changed; rows are merged with the origin's by
/// primary key. A column builder re-runs fully when its YAML, its code or an input column (another builder's
/// column of this table, or another table's) changed since the origin; when only the rows changed, a row-wise
/// builder fills just the rows whose outputs are empty. Every builder is a process step whose result is saved,
/// and row-wise results are logged as they finish, so a resumed process redoes only what was in flight.
/// </summary>
internal sealed partial class InstanceExecutor(Vault vault, VaultProcess p, CatalogEntry entry, string version,
    bool force, IProgress<VaultProgress>? progress)
{
    private readonly Dictionary<string, ColumnState> _columns = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _hashes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (CatalogEntry Entry, InstanceRecord Instance)> _externals = new(StringComparer.Ordinal);
    private readonly List<DependencyRecord> _deps = [];
    private RecordBatch? _frame;
    private RecordBatch? _originData;
    private InstanceRecord? _origin;
    private TableSnapshot? _originSnap;
    private bool _rowsChanged;
    private bool _noCarry;
    private bool _indexInputsChanged;
    private long _calls;
    private long _builderMs;

    public async Task<InstancePlan> RunAsync(CancellationToken ct)
    {
        var draft = await vault.TryReadAsync<DraftRecord>(VaultPaths.DraftRecord(entry.TableId, version), ct).ConfigureAwait(false)
            ?? throw new StrataNotFoundException($"table '{entry.QualifiedName}' version '{version}' has no draft; create one with CreateInstanceAsync.");
        if (draft.ExternalEdit)
            throw new StrataInvalidInputException($"the draft of '{entry.QualifiedName}' version '{version}' is for external edits; materialize it with WriteInstanceAsync.");
        var specs = await LoadBuildersAsync(ct).ConfigureAwait(false);
        var ordered = BuilderGraph.Order(specs, entry.Name);
        var functions = new Dictionary<string, ModuleFunction>(StringComparer.Ordinal);
        foreach (var spec in ordered)
        {
            var fn = await vault.Modules.ResolveAsync(spec.CodeModule, spec.Function, spec.Where(spec.Line), ct).ConfigureAwait(false);
            FunctionInvoker.Check(spec, fn.Method);
            functions[spec.Name] = fn;
        }
        foreach (var spec in ordered) await ResolveExternalsAsync(spec, ct).ConfigureAwait(false);
        await ResolveOriginAsync(draft, ct).ConfigureAwait(false);
        var artifactRel = VaultPaths.ProcessArtifacts(p.Id);
        var artifactLocal = vault.LocalPath(artifactRel);
        Directory.CreateDirectory(artifactLocal);
        CopyDraftArtifacts(artifactLocal);
        RestoreState();
        p.Update(r => r with { RowsPlanned = 0 });
        for (var b = 0; b < ordered.Count; b++)
        {
            var spec = ordered[b];
            var fn = functions[spec.Name];
            var index = b;
            await p.StepAsync("build:" + spec.Name, async () =>
            {
                var inputs = new BoundInputs { ArtifactFolder = artifactLocal, ProcessId = p.Id };
                if (spec.Kind == BuilderKind.Index) await RunIndexAsync(spec, fn, inputs, ct).ConfigureAwait(false);
                else await RunColumnAsync(spec, fn, inputs, index, ordered.Count, ct).ConfigureAwait(false);
                SaveState();
            }).ConfigureAwait(false);
            progress?.Report(new VaultProgress(spec.Name, 0, 0, b + 1, ordered.Count));
        }
        var wanted = ordered.SelectMany(s => s.ChangedColumns).ToList();
        var data = _frame;
        if (data is null && _originSnap is not null && !SameColumns(_originSnap.Schema, wanted))
            data = (await OriginDataAsync(ct).ConfigureAwait(false)).Select([.. wanted]);
        else if (data is not null)
            data = data.Select([.. wanted]);
        p.Update(r => r with { BuilderCalls = r.BuilderCalls + _calls, BuilderMs = r.BuilderMs + _builderMs });
        var hasArtifactsNow = Directory.EnumerateFileSystemEntries(artifactLocal).Any();
        return new InstancePlan
        {
            Data = data,
            Origin = _originSnap,
            OriginRecord = _origin,
            Columns = wanted.ToDictionary(c => c, c => _columns[c], StringComparer.Ordinal),
            Builders = specs.ToDictionary(s => s.Name, s => s.Text, StringComparer.Ordinal),
            BuilderHashes = new Dictionary<string, string>(_hashes),
            Dependencies = _deps.DistinctBy(d => (d.TableId, d.InstanceId)).ToList(),
            PrimaryKey = ordered[0].PrimaryKey,
            ArtifactSource = hasArtifactsNow ? artifactRel : null,
            Description = draft.Description,
        };
    }

    private static bool SameColumns(Schema schema, List<string> wanted) =>
        schema.Count == wanted.Count && wanted.Select((c, i) => schema[i].Name == c).All(x => x);

    private async Task<List<BuilderSpec>> LoadBuildersAsync(CancellationToken ct)
    {
        var specs = new List<BuilderSpec>();
        var prefix = VaultPaths.DraftBuilders(entry.TableId, version);
        var files = new List<string>();
        await foreach (var e in vault.Storage.ListAsync(prefix, ct).ConfigureAwait(false))
            if (e.Path.EndsWith(".yaml", StringComparison.Ordinal)) files.Add(e.Path);
        foreach (var file in files.Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileNameWithoutExtension(file);
            var text = Encoding.UTF8.GetString(await vault.Storage.ReadAllBytesAsync(file, ct).ConfigureAwait(false));
            specs.Add(BuilderParser.Parse(name, file, text));
        }
        if (specs.Count == 0)
            throw new StrataInvalidInputException($"the draft of '{entry.QualifiedName}' version '{version}' has no builders; add them with CreateBuilderFileAsync.");
        return specs;
    }

    private async Task ResolveExternalsAsync(BuilderSpec spec, CancellationToken ct)
    {
        foreach (var (_, arg) in spec.Arguments)
        {
            foreach (var r in arg.References())
            {
                if (r.IsSelf || string.Equals(r.Table, entry.Name, StringComparison.OrdinalIgnoreCase) && r.Instance is null) continue;
                if (_externals.ContainsKey(r.Text)) continue;
                var where = spec.Where(arg.Line);
                (CatalogEntry Entry, TableRecord Record) other;
                try
                {
                    other = await vault.ResolveTableAsync(r.Table, ct).ConfigureAwait(false);
                }
                catch (StrataNotFoundException e)
                {
                    throw new StrataInvalidInputException($"{where}: {r.Text}: {e.Message}", e);
                }
                var instances = await vault.ListInstanceRecordsAsync(other.Entry.TableId, ct).ConfigureAwait(false);
                var inst = r.Instance is { } id
                    ? instances.FirstOrDefault(i => i.InstanceId == id && !i.Deleted)
                        ?? throw new StrataInvalidInputException($"{where}: {r.Text}: table '{r.Table}' has no instance '{id}'.")
                    : instances.LastOrDefault(i => !i.Deleted && i.Success && i.Active)
                        ?? throw new StrataInvalidInputException($"{where}: {r.Text}: table '{r.Table}' has no materialized instance yet; execute it first.");
                foreach (var c in r.Columns.Concat(r.Filters.Select(f => f.Key)))
                    if (!inst.Columns.ContainsKey(c))
                        throw new StrataInvalidInputException($"{where}: {r.Text}: instance {inst.InstanceId} of '{r.Table}' has no column '{c}' (it has {string.Join(", ", inst.Columns.Keys)}).");
                _externals[r.Text] = (other.Entry, inst);
                _deps.Add(new DependencyRecord(other.Entry.QualifiedName, other.Entry.TableId, inst.InstanceId));
            }
        }
    }

    private async Task ResolveOriginAsync(DraftRecord draft, CancellationToken ct)
    {
        var key = p.Remember("origin", () => "");
        var instances = await vault.ListInstanceRecordsAsync(entry.TableId, ct).ConfigureAwait(false);
        InstanceRecord? origin;
        if (key.Length > 0) origin = instances.FirstOrDefault(i => i.InstanceId == key);
        else if (draft.OriginId is { } id && (draft.OriginTableId is null || draft.OriginTableId == entry.TableId))
            origin = instances.FirstOrDefault(i => i.InstanceId == id && !i.Deleted);
        else
            origin = instances.LastOrDefault(i => i.Version == version && !i.Deleted && i.Success)
                ?? instances.LastOrDefault(i => !i.Deleted && i.Success);
        if (origin is null || origin.Deleted || origin.ExternalEdit) return;
        _origin = origin;
        _originSnap = await new ManifestStore(vault.Lake, entry.TableId).ReadAsync(origin.TableVersion, ct).ConfigureAwait(false);
    }

    private async Task<RecordBatch> OriginDataAsync(CancellationToken ct)
    {
        if (_originData is not null) return _originData;
        var t = await vault.Lake.OpenEntryAsync(entry, _origin!.TableVersion, ct).ConfigureAwait(false);
        _originData = await t.ToBatchAsync(ct).ConfigureAwait(false);
        return _originData;
    }

    private void CopyDraftArtifacts(string target)
    {
        var source = vault.LocalPath(VaultPaths.DraftArtifacts(entry.TableId, version));
        if (!Directory.Exists(source)) return;
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var dest = Path.Combine(target, Path.GetRelativePath(source, file));
            if (File.Exists(dest)) continue;
            Directory.CreateDirectory(Path.GetDirectoryName(dest)!);
            File.Copy(file, dest);
        }
    }

    private static string Hash(params IEnumerable<string> parts) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\n\u0001", parts))))[..32];

    private void SaveState()
    {
        var state = new Dictionary<string, string>
        {
            ["exec.columns"] = JsonSerializer.Serialize(_columns),
            ["exec.hashes"] = JsonSerializer.Serialize(_hashes),
            ["exec.rowsChanged"] = _rowsChanged ? "true" : "false",
            ["exec.noCarry"] = _noCarry ? "true" : "false",
            ["exec.indexInputsChanged"] = _indexInputsChanged ? "true" : "false",
            ["exec.frame"] = _frame is null ? "" : StepFrames.Save(vault, p.Id, "frame", _frame),
        };
        p.SetState(state);
    }

    private void RestoreState()
    {
        var s = p.Record.State;
        if (!s.TryGetValue("exec.columns", out var columns)) return;
        foreach (var (k, v) in JsonSerializer.Deserialize<Dictionary<string, ColumnState>>(columns)!) _columns[k] = v;
        foreach (var (k, v) in JsonSerializer.Deserialize<Dictionary<string, string>>(s["exec.hashes"])!) _hashes[k] = v;
        _rowsChanged = s["exec.rowsChanged"] == "true";
        _noCarry = s["exec.noCarry"] == "true";
        _indexInputsChanged = s.GetValueOrDefault("exec.indexInputsChanged") == "true";
        _frame = s["exec.frame"] is { Length: > 0 } f ? StepFrames.Load(vault, f) : null;
    }

    private static string Inv(long v) => v.ToString(CultureInfo.InvariantCulture);
}
