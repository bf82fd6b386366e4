using System.Text;
using Strata.Data;
using Strata.Vault.Builders;
using Strata.Vault.Model;

namespace Strata.Vault;

public sealed partial class Vault
{
    /// <summary>
    /// An instance's data and its id: <paramref name="instanceId"/>, or else the latest instance of
    /// <paramref name="version"/> (only active ones when <paramref name="activeOnly"/>, only successful ones when
    /// <paramref name="successfulOnly"/>). Artifact columns hold full paths when <paramref name="fullArtifactPath"/>.
    /// Takes no locks.
    /// </summary>
    /// <exception cref="StrataNotFoundException">No such table, or no matching instance.</exception>
    public async Task<(RecordBatch Data, string InstanceId)> GetDataFrameAsync(string table, string instanceId = "", string version = "base",
        bool activeOnly = true, bool successfulOnly = false, int? rows = null, bool fullArtifactPath = true, CancellationToken cancellationToken = default)
    {
        if (rows is < 0) throw new StrataInvalidInputException("rows must not be negative.");
        var instance = await FindInstanceAsync(table, instanceId, version, activeOnly, successfulOnly, cancellationToken).ConfigureAwait(false);
        var (entry, _) = await ResolveTableAsync(table, cancellationToken).ConfigureAwait(false);
        var t = await Lake.OpenEntryAsync(entry, instance.TableVersion, cancellationToken).ConfigureAwait(false);
        var query = t.Query();
        if (rows is { } n) query = query.Limit(n);
        var data = await query.ToBatchAsync(cancellationToken).ConfigureAwait(false);
        if (fullArtifactPath && instance.ArtifactFolder is { } folder)
        {
            var root = LocalPath(VaultPaths.Artifacts(entry.TableId, folder));
            foreach (var (column, state) in instance.Columns)
            {
                if (!state.Artifact || !data.Schema.Contains(column)) continue;
                var src = data.Column(column);
                var full = Enumerable.Range(0, data.RowCount).Select(i => src.GetValue(i) is string s && s.Length > 0 ? Path.Combine(root, s) : null).ToArray();
                data = data.WithColumn(column, Column.From(full));
            }
        }
        return (data, instance.InstanceId);
    }

    private async Task<InstanceRecord> FindInstanceAsync(string table, string instanceId, string version, bool activeOnly, bool successfulOnly, CancellationToken ct)
    {
        var (entry, _) = await ResolveTableAsync(table, ct).ConfigureAwait(false);
        var all = await ListInstanceRecordsAsync(entry.TableId, ct).ConfigureAwait(false);
        if (!string.IsNullOrEmpty(instanceId))
        {
            VaultNames.InstanceId(instanceId);
            var found = all.FirstOrDefault(i => i.InstanceId == instanceId)
                ?? throw new StrataNotFoundException($"table '{table}' has no instance '{instanceId}'; list them with GetTableInstancesAsync.");
            if (found.Deleted) throw new StrataNotFoundException($"instance '{instanceId}' of table '{table}' was deleted (its record is kept, its data is not).");
            return found;
        }
        version = VaultNames.Version(version);
        return all.LastOrDefault(i => i.Version == version && !i.Deleted && (!activeOnly || i.Active) && (!successfulOnly || i.Success))
            ?? throw new StrataNotFoundException($"table '{table}' has no{(activeOnly ? " active" : "")}{(successfulOnly ? " successful" : "")} instance of version '{version}'; execute or write one first.");
    }

    /// <summary>The materialized instance ids of a table's version, in materialization order (deleted ones excluded); with an empty table name, the vault's table names.</summary>
    public async Task<IReadOnlyList<string>> GetTableInstancesAsync(string table, string version = "base", bool includeTemporary = false,
        CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(table)) return await GetTablesAsync(cancellationToken).ConfigureAwait(false);
        version = VaultNames.Version(version);
        var (entry, _) = await ResolveTableAsync(table, cancellationToken).ConfigureAwait(false);
        var ids = (await ListInstanceRecordsAsync(entry.TableId, cancellationToken).ConfigureAwait(false))
            .Where(i => i.Version == version && !i.Deleted).Select(i => i.InstanceId).ToList();
        if (includeTemporary && await _storage.ExistsAsync(VaultPaths.DraftRecord(entry.TableId, version), cancellationToken).ConfigureAwait(false))
            ids.Add($"{version} (draft)");
        return ids;
    }

    /// <summary>The names of the vault's tables (not deleted), sorted.</summary>
    public async Task<IReadOnlyList<string>> GetTablesAsync(CancellationToken cancellationToken = default)
    {
        var result = new List<string>();
        foreach (var name in await Lake.TableNamesAsync(cancellationToken).ConfigureAwait(false))
        {
            if (name.Contains('.', StringComparison.Ordinal)) continue;
            var catalog = await Lake.Catalog.ReadLatestAsync(cancellationToken).ConfigureAwait(false);
            var entry = catalog.Tables.First(t => t.QualifiedName == name);
            var rec = await TryReadAsync<TableRecord>(VaultPaths.TableRecord(entry.TableId), cancellationToken).ConfigureAwait(false);
            if (rec is { Deleted: false }) result.Add(name);
        }
        return result;
    }

    /// <summary>Descriptions: of an instance (with its table and origin), of a table, or (both empty) of the vault.</summary>
    public async Task<IReadOnlyDictionary<string, string>> GetDescriptionsAsync(string instanceId = "", string table = "", CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(table) && string.IsNullOrEmpty(instanceId))
            return new Dictionary<string, string> { ["vault"] = Marker.Description ?? "", ["author"] = Marker.Author, ["created"] = Marker.CreatedAt.ToString("O") };
        if (string.IsNullOrEmpty(table)) throw new StrataInvalidInputException("give the table of the instance.");
        var (entry, record) = await ResolveTableAsync(table, cancellationToken, allowDeleted: true).ConfigureAwait(false);
        var result = new Dictionary<string, string>
        {
            ["table"] = entry.QualifiedName,
            ["description"] = record.Description,
            ["allow_multiple_artifacts"] = Bool(record.AllowMultipleArtifacts),
            ["has_side_effects"] = Bool(record.HasSideEffects),
        };
        if (string.IsNullOrEmpty(instanceId)) return result;
        var inst = await TryReadAsync<InstanceRecord>(VaultPaths.InstanceRecord(entry.TableId, VaultNames.InstanceId(instanceId)), cancellationToken).ConfigureAwait(false)
            ?? throw new StrataNotFoundException($"table '{table}' has no instance '{instanceId}'.");
        result["instance"] = inst.InstanceId;
        result["description"] = inst.Description;
        result["version"] = inst.Version;
        result["origin"] = inst.OriginId ?? "";
        result["success"] = Bool(inst.Success);
        result["dependencies"] = string.Join(", ", inst.Dependencies.Select(d => $"{d.Table}({d.InstanceId})"));
        return result;
    }

    /// <summary>
    /// The local path of an artifact folder: of the version's draft (<paramref name="isTemp"/>), else of the instance
    /// (or the latest instance of the version) — the table's shared folder when it does not allow multiple artifacts.
    /// </summary>
    public async Task<string> GetArtifactFolderAsync(string table, string instanceId = "", string version = "base", bool isTemp = true,
        CancellationToken cancellationToken = default)
    {
        var (entry, record) = await ResolveTableAsync(table, cancellationToken).ConfigureAwait(false);
        if (isTemp && string.IsNullOrEmpty(instanceId))
        {
            version = VaultNames.Version(version);
            if (!await _storage.ExistsAsync(VaultPaths.DraftRecord(entry.TableId, version), cancellationToken).ConfigureAwait(false))
                throw new StrataNotFoundException($"table '{table}' version '{version}' has no draft; create one with CreateInstanceAsync.");
            var draft = LocalPath(VaultPaths.DraftArtifacts(entry.TableId, version));
            Directory.CreateDirectory(draft);
            return draft;
        }
        var inst = await FindInstanceAsync(table, instanceId, version, false, false, cancellationToken).ConfigureAwait(false);
        var folder = record.AllowMultipleArtifacts ? inst.ArtifactFolder ?? inst.InstanceId : VaultPaths.CurrentArtifacts;
        return LocalPath(VaultPaths.Artifacts(entry.TableId, folder));
    }

    /// <summary>The builder names of the version's draft (<paramref name="isTemp"/>) or of an instance.</summary>
    public async Task<IReadOnlyList<string>> GetBuildersListAsync(string table, string instanceId = "", string version = "base", bool isTemp = true,
        CancellationToken cancellationToken = default) =>
        (await BuildersOfAsync(table, instanceId, version, isTemp, cancellationToken).ConfigureAwait(false)).Keys.Order(StringComparer.Ordinal).ToList();

    /// <summary>A builder file's text (default: the index builder <c>&lt;table&gt;_index</c>).</summary>
    public async Task<string> GetBuilderStrAsync(string table, string builderName = "", string instanceId = "", string version = "base", bool isTemp = true,
        CancellationToken cancellationToken = default)
    {
        var name = string.IsNullOrEmpty(builderName) ? table + "_index" : VaultNames.Builder(builderName);
        var builders = await BuildersOfAsync(table, instanceId, version, isTemp, cancellationToken).ConfigureAwait(false);
        return builders.TryGetValue(name, out var text) ? text
            : throw new StrataNotFoundException($"builder '{name}' does not exist; the builders are: {string.Join(", ", builders.Keys)}.");
    }

    private async Task<Dictionary<string, string>> BuildersOfAsync(string table, string instanceId, string version, bool isTemp, CancellationToken ct)
    {
        var (entry, _) = await ResolveTableAsync(table, ct).ConfigureAwait(false);
        if (isTemp && string.IsNullOrEmpty(instanceId))
        {
            version = VaultNames.Version(version);
            var result = new Dictionary<string, string>(StringComparer.Ordinal);
            await foreach (var e in _storage.ListAsync(VaultPaths.DraftBuilders(entry.TableId, version), ct).ConfigureAwait(false))
                if (e.Path.EndsWith(".yaml", StringComparison.Ordinal))
                    result[Path.GetFileNameWithoutExtension(e.Path)] = Encoding.UTF8.GetString(await _storage.ReadAllBytesAsync(e.Path, ct).ConfigureAwait(false));
            return result;
        }
        var inst = await FindInstanceAsync(table, instanceId, version, false, false, ct).ConfigureAwait(false);
        return new Dictionary<string, string>(inst.Builders);
    }

    /// <summary>The stored code modules' names, sorted (built-in modules are not listed).</summary>
    public async Task<IReadOnlyList<string>> GetCodeModulesListAsync(CancellationToken cancellationToken = default)
    {
        var names = new List<string>();
        await foreach (var e in _storage.ListAsync(VaultPaths.Modules, cancellationToken).ConfigureAwait(false))
            if (e.Path.EndsWith(".cs", StringComparison.Ordinal)) names.Add(Path.GetFileNameWithoutExtension(e.Path));
        return names.Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>A code module's C# source.</summary>
    public async Task<string> GetCodeModuleStrAsync(string moduleName, CancellationToken cancellationToken = default)
    {
        var path = VaultPaths.Module(VaultNames.Module(moduleName));
        if (!await _storage.ExistsAsync(path, cancellationToken).ConfigureAwait(false))
            throw new StrataNotFoundException($"code module '{moduleName}' does not exist; list modules with GetCodeModulesListAsync.");
        return Encoding.UTF8.GetString(await _storage.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>A printable (Spectre.Console) tree of the vault: code modules, tables, drafts, builders, instances; metadata and artifacts on request (TableVault's <c>get_file_tree</c>).</summary>
    public Task<Spectre.Console.Tree> GetFileTreeAsync(Utilities.VaultTreeOptions? options = null, CancellationToken cancellationToken = default) =>
        Utilities.VaultTree.BuildAsync(Lake, options, cancellationToken);

    /// <summary>Parses a builder's text as the vault would (errors name the file and line).</summary>
    internal static void ValidateBuilderText(string name, string file, string text) => BuilderParser.Parse(name, file, text);
}
