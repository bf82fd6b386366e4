using Strata.Data;
using Strata.Vault.Model;
using Strata.Vault.Processes;

namespace Strata.Vault;

public sealed partial class Vault
{
    /// <summary>Creates a vault table (a lake table whose schema comes from its first instance).</summary>
    /// <param name="name">The table's name: a letter first, then letters, digits, '_' or '-'.</param>
    /// <param name="allowMultipleArtifacts">True: each instance keeps its own artifact folder; false: one shared folder, replaced by each successful materialization.</param>
    /// <param name="hasSideEffects">True: builders call the outside world; executing locks the whole table and a new instance with changes makes older ones inactive.</param>
    /// <param name="description">Free text.</param>
    /// <param name="processId">Optional caller id (pause on failure instead of revert).</param>
    /// <param name="cancellationToken">Cancels the operation (which is then reverted or paused).</param>
    /// <returns>The process id.</returns>
    /// <exception cref="StrataAlreadyExistsException">A table of that name exists.</exception>
    public Task<string> CreateTableAsync(string name, bool allowMultipleArtifacts = false, bool hasSideEffects = false, string description = "",
        string? processId = null, CancellationToken cancellationToken = default)
    {
        VaultNames.Table(name);
        return RunAsync("create_table", processId, new()
        {
            ["name"] = name,
            ["allowMultipleArtifacts"] = Bool(allowMultipleArtifacts),
            ["hasSideEffects"] = Bool(hasSideEffects),
            ["description"] = description ?? "",
        }, name, cancellationToken);
    }

    private async Task CreateTableStepsAsync(VaultProcess p, CancellationToken ct)
    {
        var name = p.Arg("name");
        await p.StepAsync("catalog", async () =>
        {
            if (await Lake.TableExistsAsync(name, ct).ConfigureAwait(false))
                throw new StrataAlreadyExistsException($"table '{name}' already exists in {Location}; choose another name.");
            await Lake.CreateTableAsync(name, new Schema(), new CreateTableOptions { Description = p.OptionalArg("description") }, ct).ConfigureAwait(false);
        }).ConfigureAwait(false);
        await p.StepAsync("record", async () =>
        {
            var table = await Lake.OpenTableAsync(name, cancellationToken: ct).ConfigureAwait(false);
            p.Update(r => r with { TableId = table.Id });
            var record = new TableRecord
            {
                TableId = table.Id,
                AllowMultipleArtifacts = p.BoolArg("allowMultipleArtifacts"),
                HasSideEffects = p.BoolArg("hasSideEffects"),
                Description = p.OptionalArg("description") ?? "",
                CreatedAt = DateTimeOffset.UtcNow,
                Author = Options.Author,
            };
            await WriteAsync(VaultPaths.TableRecord(table.Id), record, ct).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    /// <summary>Renames a vault table (its id, folders and history stay).</summary>
    /// <returns>The process id.</returns>
    public Task<string> RenameTableAsync(string newName, string name, string? processId = null, CancellationToken cancellationToken = default)
    {
        VaultNames.Table(newName);
        VaultNames.Table(name);
        return RunAsync("rename_table", processId, new() { ["name"] = name, ["newName"] = newName }, name, cancellationToken);
    }

    private async Task RenameTableStepsAsync(VaultProcess p, CancellationToken ct)
    {
        await p.StepAsync("rename", async () =>
        {
            var (entry, _) = await ResolveTableAsync(p.Arg("name"), ct).ConfigureAwait(false);
            await Locks.AcquireTableAsync(p.Id, entry.TableId, null, ct).ConfigureAwait(false);
            await Lake.RenameTableAsync(p.Arg("name"), p.Arg("newName"), ct).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    /// <summary>Deletes a table's data and artifacts; its metadata (table and instance records) stays as history.</summary>
    /// <returns>The process id.</returns>
    public Task<string> DeleteTableAsync(string name, string? processId = null, CancellationToken cancellationToken = default)
    {
        VaultNames.Table(name);
        return RunAsync("delete_table", processId, new() { ["name"] = name }, name, cancellationToken);
    }

    private async Task DeleteTableStepsAsync(VaultProcess p, CancellationToken ct)
    {
        var (entry, record) = await ResolveTableAsync(p.Arg("name"), ct, allowDeleted: p.IsDone("data")).ConfigureAwait(false);
        await Locks.AcquireTableAsync(p.Id, entry.TableId, null, ct).ConfigureAwait(false);
        await p.StepAsync("data", async () =>
        {
            foreach (var instance in await ListInstanceRecordsAsync(entry.TableId, ct).ConfigureAwait(false))
                if (!instance.Deleted)
                    await WriteAsync(VaultPaths.InstanceRecord(entry.TableId, instance.InstanceId), instance with { Deleted = true, Active = false }, ct).ConfigureAwait(false);
            await DeleteFilesAsync(Format.FormatConstants.TableDataFolder(entry.TableId), ct).ConfigureAwait(false);
            await DeleteFilesAsync($"{VaultPaths.Table(entry.TableId)}/artifacts", ct).ConfigureAwait(false);
            await DeleteFilesAsync($"{VaultPaths.Table(entry.TableId)}/drafts", ct).ConfigureAwait(false);
        }).ConfigureAwait(false);
        await p.StepAsync("record", () => WriteAsync(VaultPaths.TableRecord(entry.TableId), record with { Deleted = true }, ct)).ConfigureAwait(false);
    }

    private async Task DeleteFilesAsync(string prefix, CancellationToken ct)
    {
        var files = new List<string>();
        await foreach (var e in _storage.ListAsync(prefix, ct).ConfigureAwait(false)) files.Add(e.Path);
        foreach (var f in files) await _storage.DeleteAsync(f, ct).ConfigureAwait(false);
        UndoJournal.DeleteEmptyParents(Location, LocalPath(prefix));
    }
}
