using System.Text;
using Strata.Vault.Builders;
using Strata.Vault.Processes;

namespace Strata.Vault;

public sealed partial class Vault
{
    /// <summary>
    /// Stores a C# code module (public static methods that builders call). Give the source as
    /// <paramref name="text"/>, or <paramref name="copyFrom"/>: a .cs file (module named after it unless a name is
    /// given) or a folder (every .cs file in it becomes a module). The source must compile.
    /// </summary>
    /// <returns>The process id.</returns>
    /// <exception cref="Strata.Compilation.CompilationFailedException">The source does not compile (file, line and message).</exception>
    public Task<string> CreateCodeModuleAsync(string moduleName = "", string? text = null, string? copyFrom = null, string? processId = null,
        CancellationToken cancellationToken = default)
    {
        var modules = new Dictionary<string, string>(StringComparer.Ordinal);
        if (text is not null)
        {
            if (copyFrom is not null) throw new StrataInvalidInputException("give either the module's text or copyFrom, not both.");
            modules[VaultNames.Module(moduleName)] = text;
        }
        else if (!string.IsNullOrEmpty(copyFrom))
        {
            var full = Path.GetFullPath(copyFrom);
            if (File.Exists(full))
            {
                if (!full.EndsWith(".cs", StringComparison.OrdinalIgnoreCase)) throw new StrataInvalidInputException($"{full} is not a .cs file.");
                modules[VaultNames.Module(moduleName.Length > 0 ? moduleName : Path.GetFileNameWithoutExtension(full))] = File.ReadAllText(full);
            }
            else if (Directory.Exists(full))
            {
                foreach (var f in Directory.EnumerateFiles(full, "*.cs").Order(StringComparer.Ordinal))
                    modules[VaultNames.Module(Path.GetFileNameWithoutExtension(f))] = File.ReadAllText(f);
                if (modules.Count == 0) throw new StrataInvalidInputException($"folder {full} holds no .cs files.");
            }
            else throw new StrataNotFoundException($"{full} does not exist.");
        }
        else throw new StrataInvalidInputException("give the module's text or a file or folder to copy from.");
        foreach (var name in modules.Keys)
            if (Strata.Vault.Modules.ModuleLoader.IsBuiltin(name)) throw new StrataInvalidInputException($"'{name}' is a built-in module name; choose another.");
        var args = new Dictionary<string, string?>(StringComparer.Ordinal) { ["modules"] = System.Text.Json.JsonSerializer.Serialize(modules) };
        return RunAsync("create_code_module", processId, args, null, cancellationToken);
    }

    private async Task CreateCodeModuleStepsAsync(VaultProcess p, CancellationToken ct)
    {
        var modules = System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(p.Arg("modules"))!;
        await p.StepAsync("compile", () =>
        {
            foreach (var (name, text) in modules) Modules.Compile(name, text);
            return Task.CompletedTask;
        }).ConfigureAwait(false);
        await p.StepAsync("write", async () =>
        {
            foreach (var (name, text) in modules)
                await _storage.WriteAsync(VaultPaths.Module(name), Encoding.UTF8.GetBytes(text), ct).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    /// <summary>Deletes a stored code module.</summary>
    /// <returns>The process id.</returns>
    public Task<string> DeleteCodeModuleAsync(string moduleName, string? processId = null, CancellationToken cancellationToken = default)
    {
        VaultNames.Module(moduleName);
        return RunAsync("delete_code_module", processId, new() { ["name"] = moduleName }, null, cancellationToken);
    }

    private async Task DeleteCodeModuleStepsAsync(VaultProcess p, CancellationToken ct)
    {
        var path = VaultPaths.Module(p.Arg("name"));
        await p.StepAsync("delete", async () =>
        {
            if (!await _storage.ExistsAsync(path, ct).ConfigureAwait(false))
                throw new StrataNotFoundException($"code module '{p.Arg("name")}' does not exist.");
            await _storage.DeleteAsync(path, ct).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    /// <summary>
    /// Creates or replaces a builder file in the draft of a version: from <paramref name="text"/>, or every .yaml file
    /// of the folder <paramref name="copyFrom"/>, or (neither) a template. The text must parse as a builder.
    /// </summary>
    /// <returns>The process id.</returns>
    public async Task<string> CreateBuilderFileAsync(string table, string builderName = "", string version = "base", string? text = null,
        string? copyFrom = null, string? processId = null, CancellationToken cancellationToken = default)
    {
        VaultNames.Table(table);
        version = VaultNames.Version(version);
        var (entry, _) = await ResolveTableAsync(table, cancellationToken).ConfigureAwait(false);
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!string.IsNullOrEmpty(copyFrom))
        {
            var full = Path.GetFullPath(copyFrom);
            if (!Directory.Exists(full)) throw new StrataNotFoundException($"folder {full} does not exist.");
            foreach (var f in Directory.EnumerateFiles(full, "*.yaml").Order(StringComparer.Ordinal))
                files[VaultNames.Builder(Path.GetFileNameWithoutExtension(f))] = File.ReadAllText(f);
            if (files.Count == 0) throw new StrataInvalidInputException($"folder {full} holds no .yaml builder files.");
        }
        else
        {
            var name = string.IsNullOrEmpty(builderName) ? table + "_index" : VaultNames.Builder(builderName);
            files[name] = text ?? Encoding.UTF8.GetString(name.EndsWith("_index", StringComparison.Ordinal) ? BuilderTemplates.Index(table) : BuilderTemplates.Column(name));
        }
        foreach (var (name, t) in files) ValidateBuilderText(name, VaultPaths.DraftBuilder(entry.TableId, version, name), t);
        return await RunAsync("create_builder_file", processId, new()
        {
            ["table"] = table,
            ["version"] = version,
            ["files"] = System.Text.Json.JsonSerializer.Serialize(files),
        }, table, cancellationToken).ConfigureAwait(false);
    }

    private async Task CreateBuilderFileStepsAsync(VaultProcess p, CancellationToken ct)
    {
        var (entry, _) = await ResolveTableAsync(p.Arg("table"), ct).ConfigureAwait(false);
        var version = p.Arg("version");
        await Locks.AcquireTableAsync(p.Id, entry.TableId, version, ct).ConfigureAwait(false);
        var files = System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(p.Arg("files"))!;
        await p.StepAsync("write", async () =>
        {
            var draft = await TryReadAsync<Model.DraftRecord>(VaultPaths.DraftRecord(entry.TableId, version), ct).ConfigureAwait(false)
                ?? throw new StrataNotFoundException($"table '{p.Arg("table")}' version '{version}' has no draft; create one with CreateInstanceAsync.");
            if (draft.ExternalEdit) throw new StrataInvalidInputException($"the draft of version '{version}' is for external edits and has no builders.");
            foreach (var (name, text) in files)
                await _storage.WriteAsync(VaultPaths.DraftBuilder(entry.TableId, version, name), Encoding.UTF8.GetBytes(text), ct).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    /// <summary>Deletes a builder file from the draft of a version.</summary>
    /// <returns>The process id.</returns>
    public Task<string> DeleteBuilderFileAsync(string builderName, string table, string version = "base", string? processId = null,
        CancellationToken cancellationToken = default)
    {
        VaultNames.Builder(builderName);
        VaultNames.Table(table);
        version = VaultNames.Version(version);
        return RunAsync("delete_builder_file", processId, new() { ["table"] = table, ["version"] = version, ["name"] = builderName }, table, cancellationToken);
    }

    private async Task DeleteBuilderFileStepsAsync(VaultProcess p, CancellationToken ct)
    {
        var (entry, _) = await ResolveTableAsync(p.Arg("table"), ct).ConfigureAwait(false);
        var path = VaultPaths.DraftBuilder(entry.TableId, p.Arg("version"), p.Arg("name"));
        await Locks.AcquireTableAsync(p.Id, entry.TableId, p.Arg("version"), ct).ConfigureAwait(false);
        await p.StepAsync("delete", async () =>
        {
            if (!await _storage.ExistsAsync(path, ct).ConfigureAwait(false))
                throw new StrataNotFoundException($"builder '{p.Arg("name")}' does not exist in the draft of version '{p.Arg("version")}'.");
            await _storage.DeleteAsync(path, ct).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }
}
