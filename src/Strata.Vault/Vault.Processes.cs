using System.Collections.Concurrent;
using System.Security.Cryptography;
using Strata.Vault.Processes;

namespace Strata.Vault;

public sealed partial class Vault
{
    private readonly ConcurrentDictionary<string, byte> _running = new(StringComparer.Ordinal);

    private delegate Task ProcessHandler(Vault vault, VaultProcess process, CancellationToken ct);

    private static readonly Dictionary<string, ProcessHandler> Handlers = new(StringComparer.Ordinal)
    {
        ["create_table"] = (v, p, ct) => v.CreateTableStepsAsync(p, ct),
        ["rename_table"] = (v, p, ct) => v.RenameTableStepsAsync(p, ct),
        ["delete_table"] = (v, p, ct) => v.DeleteTableStepsAsync(p, ct),
        ["create_instance"] = (v, p, ct) => v.CreateInstanceStepsAsync(p, ct),
        ["write_instance"] = (v, p, ct) => v.WriteInstanceStepsAsync(p, ct),
        ["execute_instance"] = (v, p, ct) => v.ExecuteInstanceStepsAsync(p, ct),
        ["delete_instance"] = (v, p, ct) => v.DeleteInstanceStepsAsync(p, ct),
        ["create_code_module"] = (v, p, ct) => v.CreateCodeModuleStepsAsync(p, ct),
        ["delete_code_module"] = (v, p, ct) => v.DeleteCodeModuleStepsAsync(p, ct),
        ["create_builder_file"] = (v, p, ct) => v.CreateBuilderFileStepsAsync(p, ct),
        ["delete_builder_file"] = (v, p, ct) => v.DeleteBuilderFileStepsAsync(p, ct),
    };

    /// <summary>A new unique process id (<c>p-&lt;yyyyMMddHHmmss&gt;-&lt;8 hex&gt;</c>). Give it to an operation to make it pause on failure instead of reverting.</summary>
    public string GenerateProcessId() =>
        $"p-{DateTime.UtcNow:yyyyMMddHHmmss}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";

    /// <summary>
    /// Runs an operation as a process: a new one, or (same caller id, paused or interrupted) the stored one, whose
    /// stored arguments win. Success records it as done and appends it to the lake's job records; failure reverts it
    /// (no caller id) or pauses it (caller id).
    /// </summary>
    private async Task<string> RunAsync(string operation, string? callerId, Dictionary<string, string?> args, string? table,
        CancellationToken ct, string? tableId = null, string? presetId = null)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ProcessRecord record;
        if (!string.IsNullOrEmpty(callerId))
        {
            VaultNames.ProcessId(callerId);
            var existing = Processes.TryRead(callerId);
            if (existing is not null)
            {
                if (existing.Operation != operation)
                    throw new StrataInvalidInputException(
                        $"process '{callerId}' is a {existing.Operation} process, not {operation}; use a new process id (GenerateProcessId).");
                if (existing.Status == JobStatus.Done) return callerId;
                if (existing.IsFinished)
                    throw new StrataInvalidInputException($"process '{callerId}' was {existing.Status.ToString().ToLowerInvariant()}; use a new process id.");
                if (IsRunning(existing))
                    throw new StrataInvalidInputException($"process '{callerId}' is running right now (OS process {existing.OsProcessId}); wait for it or stop it with StopProcessAsync(force: true).");
                return await ExecuteAsync(existing, ct).ConfigureAwait(false);
            }
        }
        record = new ProcessRecord
        {
            ProcessId = string.IsNullOrEmpty(callerId) ? presetId ?? GenerateProcessId() : callerId,
            Operation = operation,
            Arguments = args,
            CallerId = !string.IsNullOrEmpty(callerId),
            Table = table,
            TableId = tableId,
            Author = Options.Author,
            StartedAt = DateTimeOffset.UtcNow,
        };
        return await ExecuteAsync(record, ct).ConfigureAwait(false);
    }

    private bool IsRunning(ProcessRecord record) =>
        record.OsProcessId == Environment.ProcessId ? _running.ContainsKey(record.ProcessId) : ProcessStore.IsAlive(record);

    private async Task<string> ExecuteAsync(ProcessRecord record, CancellationToken ct)
    {
        if (!Handlers.TryGetValue(record.Operation, out var handler))
            throw new StrataCorruptDataException(VaultPaths.ProcessRecord(record.ProcessId), $"unknown operation '{record.Operation}'.");
        if (!_running.TryAdd(record.ProcessId, 0))
            throw new StrataInvalidInputException($"process '{record.ProcessId}' is already running in this program.");
        try
        {
            record = Processes.Save(record with
            {
                Status = JobStatus.Running,
                Paused = false,
                Error = null,
                OsProcessId = Environment.ProcessId,
                OsProcessStart = ProcessStore.CurrentStart(),
                Host = Environment.MachineName,
            });
            var journal = new UndoJournal(Location, record.ProcessId);
            var process = new VaultProcess(this, record, journal);
            try
            {
                await RunJournaledAsync(process, handler, ct).ConfigureAwait(false);
            }
            catch (Exception e) when (record.CallerId)
            {
                process.Update(r => r with { Paused = true, Error = e.Message });
                throw;
            }
            catch
            {
                await RevertAsync(record.ProcessId).ConfigureAwait(false);
                throw;
            }
            return record.ProcessId;
        }
        finally
        {
            _running.TryRemove(record.ProcessId, out _);
        }
    }

    private async Task RunJournaledAsync(VaultProcess process, ProcessHandler handler, CancellationToken ct)
    {
        UndoJournal.Current = process.Journal;
        try
        {
            await handler(this, process, ct).ConfigureAwait(false);
            process.Hook("finish");
        }
        finally
        {
            UndoJournal.Current = null;
        }
        // Not journaled: the job record is appended only once everything else is done (a failure here still
        // reverts the process, and leaves no job record), and other processes' appends to __system.jobs never
        // build on a record that a revert would take away.
        var r = process.Record;
        await Lake.Jobs.SaveAsync(new JobRecord
        {
            JobId = r.ProcessId,
            Table = r.Table ?? "vault",
            TableId = r.TableId,
            Kind = "vault." + r.Operation,
            Status = JobStatus.Done,
            LaunchedBy = r.Author,
            Config = System.Text.Json.JsonSerializer.Serialize(r.Arguments),
            StartedAt = r.StartedAt,
            CompletedAt = DateTimeOffset.UtcNow,
            RowsPlanned = r.RowsPlanned,
            RowsCommitted = r.RowsDone,
            UdfMs = r.BuilderMs,
            ProcessId = $"{Environment.MachineName}:{Environment.ProcessId}",
        }, ct).ConfigureAwait(false);
        process.Update(x => x with { Status = JobStatus.Done, CompletedAt = DateTimeOffset.UtcNow });
        Processes.DeleteScratch(process.Id);
        Locks.ReleaseAll(process.Id);
    }

    /// <summary>Undoes everything a process did, removes its folder and its locks, and reopens the lake.</summary>
    private async Task RevertAsync(string processId)
    {
        UndoJournal.Revert(Location, processId);
        Processes.DeleteAll(processId);
        Locks.ReleaseAll(processId);
        await ReopenLakeAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Stops an active (paused or interrupted) process. A process whose OS process is alive is refused unless
    /// <paramref name="force"/> (then that OS process is killed). The process is reverted, or with
    /// <paramref name="materialize"/> its partial result is kept as one instance marked unsuccessful.
    /// </summary>
    /// <returns>The id of the stop process itself.</returns>
    /// <exception cref="StrataNotFoundException">No such process.</exception>
    /// <exception cref="StrataInvalidInputException">The process is finished, or running and force is false.</exception>
    public async Task<string> StopProcessAsync(string processId, bool force = false, bool materialize = false, CancellationToken cancellationToken = default)
    {
        VaultNames.ProcessId(processId);
        var record = Processes.TryRead(processId) ?? throw new StrataNotFoundException($"process '{processId}' does not exist; list processes with GetActiveProcessesAsync.");
        if (record.IsFinished) throw new StrataInvalidInputException($"process '{processId}' is already {record.Status.ToString().ToLowerInvariant()}; nothing to stop.");
        if (IsRunning(record))
        {
            if (!force) throw new StrataInvalidInputException($"process '{processId}' is running (OS process {record.OsProcessId}); pass force: true to kill it.");
            if (record.OsProcessId == Environment.ProcessId)
                throw new StrataInvalidInputException($"process '{processId}' runs in this program; cancel its CancellationToken instead.");
            try
            {
                using var p = System.Diagnostics.Process.GetProcessById(record.OsProcessId);
                p.Kill(entireProcessTree: true);
                await p.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (ArgumentException)
            {
                // already gone
            }
        }
        var stopId = GenerateProcessId();
        if (materialize && record.Operation == "execute_instance")
        {
            await MaterializePartialAsync(record, cancellationToken).ConfigureAwait(false);
            return stopId;
        }
        await RevertAsync(processId).ConfigureAwait(false);
        return stopId;
    }

    /// <summary>Processes that are running, paused or were interrupted, by id, with their state.</summary>
    public Task<IReadOnlyDictionary<string, VaultProcessInfo>> GetActiveProcessesAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        IReadOnlyDictionary<string, VaultProcessInfo> result = Processes.List()
            .Where(r => !r.IsFinished)
            .ToDictionary(r => r.ProcessId, r => VaultProcessInfo.From(r, IsRunning(r)));
        return Task.FromResult(result);
    }

    /// <summary>True when the process has completed successfully.</summary>
    /// <exception cref="StrataNotFoundException">No such process.</exception>
    public Task<bool> GetProcessCompletionAsync(string processId, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        VaultNames.ProcessId(processId);
        var record = Processes.TryRead(processId) ?? throw new StrataNotFoundException($"process '{processId}' does not exist.");
        return Task.FromResult(record.Status == JobStatus.Done);
    }

    /// <summary>The state of one process (active or finished).</summary>
    public Task<VaultProcessInfo> GetProcessAsync(string processId, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        VaultNames.ProcessId(processId);
        var record = Processes.TryRead(processId) ?? throw new StrataNotFoundException($"process '{processId}' does not exist.");
        return Task.FromResult(VaultProcessInfo.From(record, IsRunning(record)));
    }

    /// <summary>Resumes one recorded process of the vault at <paramref name="path"/> (the entry of background runs and <c>strata process resume</c>).</summary>
    public static async Task RunProcessAsync(string path, string processId, VaultOptions? options = null, CancellationToken cancellationToken = default)
    {
        await using var vault = await OpenAsync(path, options, cancellationToken).ConfigureAwait(false);
        await vault.ResumeProcessAsync(processId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Resumes a paused or interrupted process from its last completed step.</summary>
    public async Task ResumeProcessAsync(string processId, CancellationToken cancellationToken = default)
    {
        VaultNames.ProcessId(processId);
        var record = Processes.TryRead(processId) ?? throw new StrataNotFoundException($"process '{processId}' does not exist.");
        if (record.IsFinished) return;
        if (IsRunning(record)) throw new StrataInvalidInputException($"process '{processId}' is running (OS process {record.OsProcessId}).");
        await ExecuteAsync(record, cancellationToken).ConfigureAwait(false);
    }

    private async Task RestartProcessesAsync(CancellationToken ct)
    {
        foreach (var r in Processes.List().Where(r => !r.IsFinished && !IsRunning(r)))
        {
            if (r.CallerId)
                await ExecuteAsync(r, ct).ConfigureAwait(false);
            else
                await RevertAsync(r.ProcessId).ConfigureAwait(false); // no caller id: an interrupted process is undone
        }
    }
}
