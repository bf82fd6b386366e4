using System.Globalization;
using System.Security.Cryptography;
using Strata.Catalog;
using Strata.Data;
using Strata.Format;
using Strata.Tables;
using Strata.Vault.Instances;
using Strata.Vault.Model;
using Strata.Vault.Processes;

namespace Strata.Vault;

public sealed partial class Vault
{
    internal static string NewInstanceId(string version) =>
        $"{version}_{DateTime.UtcNow:yyyyMMddHHmmssfff}_{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";

    /// <summary>
    /// Turns a plan into an instance, in steps a resumed process can redo: check artifacts, commit the table
    /// version, move artifacts in, write the instance record, drop the draft.
    /// </summary>
    private async Task<string> MaterializeAsync(VaultProcess p, CatalogEntry entry, TableRecord table, string version, InstancePlan plan, CancellationToken ct)
    {
        var instanceId = p.Remember("instanceId", () => NewInstanceId(version));
        var artifactFolder = table.AllowMultipleArtifacts ? instanceId : VaultPaths.CurrentArtifacts;
        var originFolder = plan.OriginRecord?.ArtifactFolder is { } of ? VaultPaths.Artifacts(entry.TableId, of) : null;
        await p.StepAsync("check-artifacts", () =>
        {
            CheckArtifacts(plan, originFolder);
            return Task.CompletedTask;
        }).ConfigureAwait(false);
        await p.StepAsync("commit", () => CommitInstanceAsync(p, entry, version, instanceId, plan, ct)).ConfigureAwait(false);
        var tableVersion = long.Parse(p.Record.State["tableVersion"], CultureInfo.InvariantCulture);
        var hasArtifacts = plan.Columns.Values.Any(c => c.Artifact);
        await p.StepAsync("artifacts", () =>
        {
            if (hasArtifacts || plan.ArtifactSource is not null && Directory.Exists(LocalPath(plan.ArtifactSource)))
                MoveArtifacts(p, VaultPaths.Artifacts(entry.TableId, artifactFolder), plan.ArtifactSource, originFolder);
            return Task.CompletedTask;
        }).ConfigureAwait(false);
        await p.StepAsync("record", async () =>
        {
            var rows = plan.Data?.RowCount ?? plan.Origin?.Manifest.LiveRowCount() ?? 0;
            var record = new InstanceRecord
            {
                InstanceId = instanceId,
                Version = version,
                TableVersion = tableVersion,
                CreatedAt = DateTimeOffset.UtcNow,
                Author = Options.Author,
                ProcessId = p.Id,
                Success = plan.Success,
                Description = plan.Description,
                OriginId = plan.OriginRecord?.InstanceId,
                ExternalEdit = plan.ExternalEdit,
                Rows = rows,
                ArtifactFolder = artifactFolder,
                Dependencies = plan.Dependencies,
                Builders = plan.Builders,
                BuilderHashes = plan.BuilderHashes,
                PrimaryKey = plan.PrimaryKey,
                Columns = plan.Columns.ToDictionary(kv => kv.Key, kv => kv.Value.ChangedInVersion < 0
                    ? kv.Value with { ChangedInVersion = tableVersion, ChangedIn = instanceId }
                    : kv.Value),
            };
            if (table.HasSideEffects && plan.Changed)
            {
                foreach (var older in await ListInstanceRecordsAsync(entry.TableId, ct).ConfigureAwait(false))
                    if (older.Active && older.InstanceId != instanceId)
                        await WriteAsync(VaultPaths.InstanceRecord(entry.TableId, older.InstanceId), older with { Active = false }, ct).ConfigureAwait(false);
            }
            await WriteAsync(VaultPaths.InstanceRecord(entry.TableId, instanceId), record, ct).ConfigureAwait(false);
            p.Update(r => r with { RowsDone = rows });
        }).ConfigureAwait(false);
        await p.StepAsync("drop-draft", () => DeleteFilesAsync(VaultPaths.Draft(entry.TableId, version), ct)).ConfigureAwait(false);
        return instanceId;
    }

    private async Task CommitInstanceAsync(VaultProcess p, CatalogEntry entry, string version, string instanceId, InstancePlan plan, CancellationToken ct)
    {
        var store = new ManifestStore(Lake, entry.TableId);
        var latest = await store.ReadLatestAsync(ct).ConfigureAwait(false);
        if (latest.Manifest.InstanceId == instanceId)
        {
            // committed before an interruption: do not commit twice
            p.Remember("tableVersion", () => latest.Version.ToString(CultureInfo.InvariantCulture));
            return;
        }
        var lineage = new List<LineageEntry>();
        foreach (var d in plan.Dependencies)
        {
            var rec = await TryReadAsync<InstanceRecord>(VaultPaths.InstanceRecord(d.TableId, d.InstanceId), ct).ConfigureAwait(false);
            if (rec is not null) lineage.Add(new LineageEntry(d.TableId, d.Table, rec.TableVersion));
        }
        InstanceTransaction tx;
        var op = new OperationRecord("vault_instance", new Dictionary<string, string> { ["instance"] = instanceId, ["version"] = version });
        if (plan.Data is null)
        {
            var origin = plan.Origin ?? throw new InvalidOperationException("a plan without data needs an origin.");
            tx = new InstanceTransaction(op)
            {
                ReadVersion = latest.Version,
                Fields = origin.Manifest.Fields,
                Reused = origin.Manifest.Fragments,
                InstanceId = instanceId,
                NamedVersion = version,
                ProcessId = p.Id,
                Success = plan.Success,
                Description = plan.Description,
                Lineage = lineage,
            };
        }
        else
        {
            var data = plan.Data;
            var nextId = Math.Max(latest.Manifest.NextFieldId, plan.Origin?.Manifest.NextFieldId ?? 0);
            var fields = new List<FieldEntry>();
            foreach (var f in data.Schema.Fields)
            {
                Names.ValidateColumn(f.Name);
                var state = plan.Columns.GetValueOrDefault(f.Name);
                var old = plan.Origin?.Manifest.Fields.FirstOrDefault(o => o.Name == f.Name && o.Type == f.Type.ToString());
                var unchanged = state is { ChangedInVersion: >= 0 } && old is not null;
                fields.Add(new FieldEntry
                {
                    Id = old?.Id ?? nextId++,
                    Name = f.Name,
                    Type = f.Type.ToString(),
                    Nullable = true,
                    Provenance = new ColumnProvenance { Kind = state?.Builder is null ? "data" : "builder", Expression = state?.Builder, CodeHash = state?.Token },
                    ChangedInVersion = unchanged ? old!.ChangedInVersion : -1,
                });
            }
            var columns = fields.ToDictionary(f => f.Id, f => f.Name);
            var sql = string.Join(", ", fields.Select(f => SqlNames.Quote(f.Name)));
            var written = await new FragmentWriter(Lake, entry.TableId)
                .WriteBatchesAsync([data], staged => ($"SELECT {sql} FROM {staged}", columns), ct).ConfigureAwait(false);
            tx = new InstanceTransaction(op)
            {
                ReadVersion = latest.Version,
                Fields = fields,
                Added = written.Select(w => new NewFragment(w.File.Rows,
                    [new DataFileEntry { Path = w.File.Path, Columns = w.Columns, SizeBytes = w.File.SizeBytes }], false)).ToList(),
                InstanceId = instanceId,
                NamedVersion = version,
                ProcessId = p.Id,
                Success = plan.Success,
                Description = plan.Description,
                Lineage = lineage,
            };
        }
        var snap = await store.CommitAsync(tx, p.Id, ct).ConfigureAwait(false);
        p.Remember("tableVersion", () => snap.Version.ToString(CultureInfo.InvariantCulture));
        // columns that changed now carry this version in the manifest; mirror that in the plan
        foreach (var f in snap.Manifest.Fields)
            if (plan.Columns.TryGetValue(f.Name, out var s) && s.ChangedInVersion >= 0 && f.ChangedInVersion == snap.Version)
                plan.Columns[f.Name] = s with { ChangedInVersion = -1 };
    }

    /// <summary>Every artifact value must be a relative path to an existing file inside the artifact folder.</summary>
    private void CheckArtifacts(InstancePlan plan, string? originFolder)
    {
        var artifactColumns = plan.Columns.Where(c => c.Value.Artifact).Select(c => c.Key).ToList();
        if (artifactColumns.Count == 0) return;
        var data = plan.Data;
        if (data is null) return; // reused unchanged: checked when the origin materialized
        var folders = new[] { plan.ArtifactSource, originFolder }.Where(f => f is not null).Select(f => LocalPath(f!)).ToList();
        foreach (var column in artifactColumns)
        {
            if (!data.Schema.Contains(column)) continue;
            var values = data.Column(column);
            for (var i = 0; i < data.RowCount; i++)
            {
                if (values.GetValue(i) is not string rel || rel.Length == 0) continue;
                if (!ArtifactPaths.IsInside(rel))
                    throw new StrataInvalidInputException(
                        $"artifact path '{rel}' in column '{column}', row {i}, leaves the artifact folder; artifact paths must be relative paths inside ~ARTIFACT_FOLDER~.");
                if (!folders.Any(f => File.Exists(Path.Combine(f, rel))))
                    throw new StrataNotFoundException(
                        $"artifact file '{rel}' in column '{column}', row {i}, does not exist in the artifact folder; write it under ~ARTIFACT_FOLDER~ before the instance materializes.");
            }
        }
    }

    /// <summary>
    /// Moves the new artifacts into the instance's folder (journaled, so a revert moves them back), keeping
    /// the files of the origin's folder that the new folder lacks (rows carried over refer to them).
    /// </summary>
    private void MoveArtifacts(VaultProcess p, string target, string? source, string? originFolder)
    {
        var targetLocal = LocalPath(target);
        string? keepFrom = originFolder is null ? null : LocalPath(originFolder);
        if (Directory.Exists(targetLocal))
        {
            // the shared "current" folder: set the old one aside inside the process folder
            var aside = $"{VaultPaths.Process(p.Id)}/previous-artifacts";
            p.Journal.BeforeMove(target, aside);
            Directory.CreateDirectory(Path.GetDirectoryName(LocalPath(aside))!);
            Directory.Move(targetLocal, LocalPath(aside));
            if (keepFrom == targetLocal) keepFrom = LocalPath(aside);
        }
        if (source is not null && Directory.Exists(LocalPath(source)))
        {
            p.Journal.BeforeMove(source, target);
            Directory.CreateDirectory(Path.GetDirectoryName(targetLocal)!);
            Directory.Move(LocalPath(source), targetLocal);
        }
        Directory.CreateDirectory(targetLocal);
        if (keepFrom is null || !Directory.Exists(keepFrom)) return;
        foreach (var file in Directory.EnumerateFiles(keepFrom, "*", SearchOption.AllDirectories))
        {
            var rel = Path.GetRelativePath(keepFrom, file);
            var dest = Path.Combine(targetLocal, rel);
            if (File.Exists(dest)) continue;
            p.Journal.BeforeChange($"{target}/{rel.Replace(Path.DirectorySeparatorChar, '/')}");
            Directory.CreateDirectory(Path.GetDirectoryName(dest)!);
            File.Copy(file, dest);
        }
    }
}
