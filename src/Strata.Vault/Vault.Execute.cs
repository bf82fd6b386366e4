using System.Diagnostics;
using System.Text.Json;
using Strata.Vault.Execution;
using Strata.Vault.Instances;
using Strata.Vault.Model;
using Strata.Vault.Processes;

namespace Strata.Vault;

public sealed partial class Vault
{
    /// <summary>
    /// Runs the draft's builders and materializes the result as a new instance. Unless
    /// <paramref name="forceExecute"/>, the draft's origin is reused: unchanged builders do no work and unchanged
    /// data files are referenced, not rewritten. With <paramref name="background"/> the process record is written and
    /// a separate OS process runs it (see <see cref="VaultOptions.BackgroundCommand"/>); poll it with
    /// <see cref="GetProcessCompletionAsync"/>.
    /// </summary>
    /// <param name="table">The vault table.</param>
    /// <param name="version">The named version whose draft to execute.</param>
    /// <param name="forceExecute">Rebuild everything, reusing nothing.</param>
    /// <param name="background">Run in a separate OS process and return at once.</param>
    /// <param name="progress">Receives progress (builder, rows) while running in this process.</param>
    /// <param name="processId">Optional caller id (pause on failure; resume by calling again with it).</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>The process id.</returns>
    public async Task<string> ExecuteInstanceAsync(string table, string version = "base", bool forceExecute = false, bool background = false,
        IProgress<VaultProgress>? progress = null, string? processId = null, CancellationToken cancellationToken = default)
    {
        VaultNames.Table(table);
        version = VaultNames.Version(version);
        var args = new Dictionary<string, string?> { ["table"] = table, ["version"] = version, ["forceExecute"] = Bool(forceExecute) };
        if (!background)
        {
            _progress.Value = progress;
            try { return await RunAsync("execute_instance", processId, args, table, cancellationToken).ConfigureAwait(false); }
            finally { _progress.Value = null; }
        }
        var (entry, _) = await ResolveTableAsync(table, cancellationToken).ConfigureAwait(false);
        var id = string.IsNullOrEmpty(processId) ? GenerateProcessId() : VaultNames.ProcessId(processId);
        if (Processes.TryRead(id) is null)
            Processes.Save(new ProcessRecord
            {
                ProcessId = id,
                Operation = "execute_instance",
                Arguments = args,
                CallerId = !string.IsNullOrEmpty(processId),
                Table = table,
                TableId = entry.TableId,
                Author = Options.Author,
                StartedAt = DateTimeOffset.UtcNow,
                Status = JobStatus.Pending,
            });
        StartBackground(id);
        return id;
    }

    private readonly AsyncLocal<IProgress<VaultProgress>?> _progress = new();

    private void StartBackground(string processId)
    {
        var command = Options.BackgroundCommand ?? DefaultBackgroundCommand();
        var info = new ProcessStartInfo(command[0]) { UseShellExecute = false, RedirectStandardOutput = false, RedirectStandardError = false };
        foreach (var a in command.Skip(1)) info.ArgumentList.Add(a);
        foreach (var a in new[] { "process", "resume", processId, "--lake", Location }) info.ArgumentList.Add(a);
        using var child = System.Diagnostics.Process.Start(info)
            ?? throw new StrataException($"could not start the background process '{command[0]}'; set VaultOptions.BackgroundCommand.");
    }

    private static IReadOnlyList<string> DefaultBackgroundCommand()
    {
        var cli = Path.Combine(AppContext.BaseDirectory, "Strata.Cli.dll");
        return ["dotnet", cli];
    }

    private async Task ExecuteInstanceStepsAsync(VaultProcess p, CancellationToken ct)
    {
        var name = p.Arg("table");
        var version = p.Arg("version");
        var (entry, record) = await ResolveTableAsync(name, ct).ConfigureAwait(false);
        p.Update(r => r with { TableId = entry.TableId });
        await Locks.AcquireTableAsync(p.Id, entry.TableId, record.HasSideEffects ? null : version, ct).ConfigureAwait(false);
        var executor = new InstanceExecutor(this, p, entry, version, p.BoolArg("forceExecute"), _progress.Value);
        var plan = await executor.RunAsync(ct).ConfigureAwait(false);
        await MaterializeAsync(p, entry, record, version, plan, ct).ConfigureAwait(false);
    }

    /// <summary>stop(materialize): keeps what a paused execute computed (its last completed builder) as one unsuccessful instance.</summary>
    private async Task MaterializePartialAsync(ProcessRecord record, CancellationToken ct)
    {
        var process = new VaultProcess(this, record, new UndoJournal(Location, record.ProcessId));
        var state = record.State;
        var name = record.Arguments["table"]!;
        var version = record.Arguments["version"]!;
        var (entry, table) = await ResolveTableAsync(name, ct).ConfigureAwait(false);
        var frame = state.TryGetValue("exec.frame", out var f) && f.Length > 0 ? StepFrames.Load(this, f) : null;
        if (frame is null || !state.TryGetValue("exec.columns", out var cols))
        {
            await RevertAsync(record.ProcessId).ConfigureAwait(false); // nothing computed yet: nothing to keep
            return;
        }
        var columns = JsonSerializer.Deserialize<Dictionary<string, ColumnState>>(cols)!;
        frame = frame.Select([.. frame.Schema.Fields.Select(x => x.Name).Where(columns.ContainsKey)]);
        var plan = new InstancePlan
        {
            Data = frame,
            Columns = frame.Schema.Fields.ToDictionary(x => x.Name, x => columns[x.Name] with { ChangedInVersion = -1 }, StringComparer.Ordinal),
            Success = false,
            Description = "partial result of stopped process " + record.ProcessId,
        };
        UndoJournal.Current = process.Journal;
        try
        {
            process.Update(r => r with { CompletedSteps = [.. r.CompletedSteps.Where(s => s.StartsWith("build:", StringComparison.Ordinal))] });
            await MaterializeAsync(process, entry, table, version, plan, ct).ConfigureAwait(false);
        }
        finally
        {
            UndoJournal.Current = null;
        }
        process.Update(r => r with { Status = JobStatus.Cancelled, Paused = false, CompletedAt = DateTimeOffset.UtcNow });
        Processes.DeleteScratch(record.ProcessId);
        Locks.ReleaseAll(record.ProcessId);
    }
}
