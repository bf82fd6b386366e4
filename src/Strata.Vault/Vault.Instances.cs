using System.Text.Json;
using Strata.Data;
using Strata.Tables;
using Strata.Vault.Builders;
using Strata.Vault.Instances;
using Strata.Vault.Model;
using Strata.Vault.Processes;

namespace Strata.Vault;

public sealed partial class Vault
{
    /// <summary>
    /// Creates the draft (temporary instance) of a version. With an origin (<paramref name="originId"/>, or
    /// <paramref name="copy"/> for the latest materialized instance) its builder files are copied in; without one
    /// and not <paramref name="externalEdit"/>, a template index builder <c>&lt;table&gt;_index</c> is created.
    /// </summary>
    /// <param name="table">The vault table.</param>
    /// <param name="version">The named version (default "base").</param>
    /// <param name="originId">An instance to start from (its builders; execution reuses its data).</param>
    /// <param name="originTable">The table of <paramref name="originId"/>; empty for <paramref name="table"/>.</param>
    /// <param name="externalEdit">True: no builders; materialize with <see cref="WriteInstanceAsync(RecordBatch, string, string, IReadOnlyList{ValueTuple{string, string}}?, IReadOnlyDictionary{string, string}?, string?, CancellationToken)"/>.</param>
    /// <param name="copy">Without an origin id: start from the latest materialized instance of the version, if any.</param>
    /// <param name="builders">Names of further (column) builder templates to create.</param>
    /// <param name="description">Free text for the instance.</param>
    /// <param name="processId">Optional caller id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The process id.</returns>
    /// <exception cref="StrataAlreadyExistsException">The version already has a draft.</exception>
    public Task<string> CreateInstanceAsync(string table, string version = "base", string originId = "", string originTable = "",
        bool externalEdit = false, bool copy = false, IReadOnlyList<string>? builders = null, string description = "",
        string? processId = null, CancellationToken cancellationToken = default)
    {
        VaultNames.Table(table);
        version = VaultNames.Version(version);
        if (originId.Length > 0) VaultNames.InstanceId(originId);
        if (originTable.Length > 0) VaultNames.Table(originTable);
        foreach (var b in builders ?? []) VaultNames.Builder(b);
        return RunAsync("create_instance", processId, new()
        {
            ["table"] = table,
            ["version"] = version,
            ["originId"] = originId,
            ["originTable"] = originTable,
            ["externalEdit"] = Bool(externalEdit),
            ["copy"] = Bool(copy),
            ["builders"] = JsonSerializer.Serialize(builders ?? []),
            ["description"] = description ?? "",
        }, table, cancellationToken);
    }

    private async Task CreateInstanceStepsAsync(VaultProcess p, CancellationToken ct)
    {
        var name = p.Arg("table");
        var version = p.Arg("version");
        var (entry, record) = await ResolveTableAsync(name, ct).ConfigureAwait(false);
        p.Update(r => r with { TableId = entry.TableId });
        await Locks.AcquireTableAsync(p.Id, entry.TableId, record.HasSideEffects ? null : version, ct).ConfigureAwait(false);
        await p.StepAsync("draft", async () =>
        {
            if (await _storage.ExistsAsync(VaultPaths.DraftRecord(entry.TableId, version), ct).ConfigureAwait(false))
                throw new StrataAlreadyExistsException(
                    $"table '{name}' version '{version}' already has a draft; execute it, or delete its builders, or use another version.");
            var externalEdit = p.BoolArg("externalEdit");
            InstanceRecord? origin = null;
            string? originTableId = null;
            if (p.Arg("originId") is { Length: > 0 } originId)
            {
                var originName = p.Arg("originTable") is { Length: > 0 } ot ? ot : name;
                var (originEntry, _) = await ResolveTableAsync(originName, ct).ConfigureAwait(false);
                originTableId = originEntry.TableId;
                origin = await TryReadAsync<InstanceRecord>(VaultPaths.InstanceRecord(originTableId, originId), ct).ConfigureAwait(false)
                    ?? throw new StrataNotFoundException($"instance '{originId}' of table '{originName}' does not exist; list instances with GetTableInstancesAsync.");
            }
            else if (p.BoolArg("copy"))
            {
                var all = await ListInstanceRecordsAsync(entry.TableId, ct).ConfigureAwait(false);
                origin = all.LastOrDefault(i => i.Version == version && !i.Deleted);
                originTableId = origin is null ? null : entry.TableId;
            }
            var draft = new DraftRecord
            {
                Version = version,
                OriginId = origin?.InstanceId,
                OriginTableId = originTableId,
                ExternalEdit = externalEdit,
                Description = p.OptionalArg("description") ?? "",
                CreatedAt = DateTimeOffset.UtcNow,
                ProcessId = p.Id,
            };
            await WriteAsync(VaultPaths.DraftRecord(entry.TableId, version), draft, ct).ConfigureAwait(false);
            if (externalEdit) return;
            if (origin is not null)
                foreach (var (builder, text) in origin.Builders)
                    await _storage.WriteAsync(VaultPaths.DraftBuilder(entry.TableId, version, builder), System.Text.Encoding.UTF8.GetBytes(text), ct).ConfigureAwait(false);
            var index = name + "_index";
            if (origin is null || !origin.Builders.ContainsKey(index))
                await _storage.WriteAsync(VaultPaths.DraftBuilder(entry.TableId, version, index), BuilderTemplates.Index(name), ct).ConfigureAwait(false);
            foreach (var b in JsonSerializer.Deserialize<List<string>>(p.Arg("builders")) ?? [])
                if (origin is null || !origin.Builders.ContainsKey(b))
                    await _storage.WriteAsync(VaultPaths.DraftBuilder(entry.TableId, version, b), BuilderTemplates.Column(b), ct).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    /// <summary>
    /// Materializes data written from outside as an instance of a version whose draft was created with
    /// <c>externalEdit: true</c>. Empty data is rejected.
    /// </summary>
    /// <param name="data">The rows (at least one row and one column).</param>
    /// <param name="table">The vault table.</param>
    /// <param name="version">The named version.</param>
    /// <param name="dependencies">Inputs as (table, instance id) pairs, recorded as lineage.</param>
    /// <param name="dtypes">Column types (Strata types, TableVault/pandas names, or <c>artifact_string</c>).</param>
    /// <param name="processId">Optional caller id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The process id.</returns>
    public Task<string> WriteInstanceAsync(RecordBatch data, string table, string version = "base",
        IReadOnlyList<(string Table, string InstanceId)>? dependencies = null, IReadOnlyDictionary<string, string>? dtypes = null,
        string? processId = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        VaultNames.Table(table);
        version = VaultNames.Version(version);
        if (data.RowCount == 0 || data.Schema.Count == 0)
            throw new StrataInvalidInputException($"the data for table '{table}' is empty; write at least one row and one column.");
        foreach (var f in data.Schema.Fields) Names.ValidateColumn(f.Name);
        foreach (var (t, i) in dependencies ?? []) { VaultNames.Table(t); VaultNames.InstanceId(i); }
        foreach (var (column, type) in dtypes ?? new Dictionary<string, string>())
        {
            if (!data.Schema.Contains(column)) throw new StrataInvalidInputException($"dtypes names column '{column}', which the data does not have.");
            Dtypes.Parse(type, $"dtype of column '{column}'");
        }
        var id = processId ?? GenerateProcessId();
        // the data is an argument too: kept in the process folder so a resumed write has it
        var stored = StepFrames.Save(this, id, "input", data);
        return RunAsync("write_instance", processId is null ? null : id, new()
        {
            ["table"] = table,
            ["version"] = version,
            ["data"] = stored,
            ["dependencies"] = JsonSerializer.Serialize((dependencies ?? []).Select(d => new[] { d.Table, d.InstanceId })),
            ["dtypes"] = JsonSerializer.Serialize(dtypes ?? new Dictionary<string, string>()),
        }, table, cancellationToken, presetId: processId is null ? id : null);
    }

    private async Task WriteInstanceStepsAsync(VaultProcess p, CancellationToken ct)
    {
        var name = p.Arg("table");
        var version = p.Arg("version");
        var (entry, record) = await ResolveTableAsync(name, ct).ConfigureAwait(false);
        p.Update(r => r with { TableId = entry.TableId });
        await Locks.AcquireTableAsync(p.Id, entry.TableId, record.HasSideEffects ? null : version, ct).ConfigureAwait(false);
        var draft = await TryReadAsync<DraftRecord>(VaultPaths.DraftRecord(entry.TableId, version), ct).ConfigureAwait(false)
            ?? throw new StrataNotFoundException($"table '{name}' version '{version}' has no draft; create one with CreateInstanceAsync(externalEdit: true).");
        if (!draft.ExternalEdit)
            throw new StrataInvalidInputException($"the draft of table '{name}' version '{version}' is built by builders; execute it with ExecuteInstanceAsync, or create a draft with externalEdit: true.");
        var data = StepFrames.Load(this, p.Arg("data"));
        var dtypes = JsonSerializer.Deserialize<Dictionary<string, string>>(p.Arg("dtypes")) ?? [];
        var artifact = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (column, type) in dtypes)
        {
            var dt = Dtypes.Parse(type, $"dtype of column '{column}'");
            if (dt.Artifact) artifact.Add(column);
            data = data.WithColumn(column, ValueColumns.Convert(data.Column(column), dt.Type, $"column '{column}'"));
        }
        var deps = new List<DependencyRecord>();
        foreach (var pair in JsonSerializer.Deserialize<List<string[]>>(p.Arg("dependencies")) ?? [])
        {
            var (depEntry, _) = await ResolveTableAsync(pair[0], ct).ConfigureAwait(false);
            if (await TryReadAsync<InstanceRecord>(VaultPaths.InstanceRecord(depEntry.TableId, pair[1]), ct).ConfigureAwait(false) is null)
                throw new StrataNotFoundException($"dependency instance '{pair[1]}' of table '{pair[0]}' does not exist.");
            deps.Add(new DependencyRecord(pair[0], depEntry.TableId, pair[1]));
        }
        var plan = new InstancePlan
        {
            Data = data,
            Columns = data.Schema.Fields.ToDictionary(f => f.Name, f => new ColumnState
            {
                Token = "external:" + p.Id,
                ChangedIn = "",
                ChangedInVersion = -1,
                Artifact = artifact.Contains(f.Name),
            }),
            Dependencies = deps,
            ArtifactSource = VaultPaths.DraftArtifacts(entry.TableId, version),
            ExternalEdit = true,
            Description = draft.Description,
        };
        await MaterializeAsync(p, entry, record, version, plan, ct).ConfigureAwait(false);
    }

    /// <summary>Deletes a materialized instance's data and artifacts; its record stays (marked deleted) as history.</summary>
    /// <returns>The process id.</returns>
    public Task<string> DeleteInstanceAsync(string instanceId, string table, string? processId = null, CancellationToken cancellationToken = default)
    {
        VaultNames.InstanceId(instanceId);
        VaultNames.Table(table);
        return RunAsync("delete_instance", processId, new() { ["table"] = table, ["instanceId"] = instanceId }, table, cancellationToken);
    }

    private async Task DeleteInstanceStepsAsync(VaultProcess p, CancellationToken ct)
    {
        var name = p.Arg("table");
        var instanceId = p.Arg("instanceId");
        var (entry, record) = await ResolveTableAsync(name, ct).ConfigureAwait(false);
        await Locks.AcquireTableAsync(p.Id, entry.TableId, null, ct).ConfigureAwait(false);
        var path = VaultPaths.InstanceRecord(entry.TableId, instanceId);
        var instance = await TryReadAsync<InstanceRecord>(path, ct).ConfigureAwait(false)
            ?? throw new StrataNotFoundException($"instance '{instanceId}' of table '{name}' does not exist; list instances with GetTableInstancesAsync.");
        if (instance.Deleted) return;
        await p.StepAsync("data", async () =>
        {
            // data files no other live instance (or the table's latest version) refers to
            var store = new ManifestStore(Lake, entry.TableId);
            var mine = (await store.ReadAsync(instance.TableVersion, ct).ConfigureAwait(false)).Manifest;
            var keep = new HashSet<string>(StringComparer.Ordinal);
            foreach (var other in await ListInstanceRecordsAsync(entry.TableId, ct).ConfigureAwait(false))
            {
                if (other.Deleted || other.InstanceId == instanceId) continue;
                var m = (await store.ReadAsync(other.TableVersion, ct).ConfigureAwait(false)).Manifest;
                foreach (var f in m.Fragments) foreach (var file in f.Files) keep.Add(file.Path);
            }
            foreach (var f in mine.Fragments)
                foreach (var file in f.Files)
                    if (!keep.Contains(file.Path)) await _storage.DeleteAsync(file.Path, ct).ConfigureAwait(false);
            if (record.AllowMultipleArtifacts && instance.ArtifactFolder is { } folder && folder != VaultPaths.CurrentArtifacts)
                await DeleteFilesAsync(VaultPaths.Artifacts(entry.TableId, folder), ct).ConfigureAwait(false);
        }).ConfigureAwait(false);
        await p.StepAsync("record", () => WriteAsync(path, instance with { Deleted = true, Active = false }, ct)).ConfigureAwait(false);
    }
}
