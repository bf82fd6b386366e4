using Strata.Vault.Processes;

namespace Strata.Vault;

/// <summary>The state of a vault process, as <see cref="Vault.GetActiveProcessesAsync"/> reports it.</summary>
/// <param name="ProcessId">The process id.</param>
/// <param name="Operation">The operation (create_table, execute_instance, …).</param>
/// <param name="Status">Running, Done, Failed or Cancelled (Strata's job vocabulary).</param>
/// <param name="Paused">True when the process waits to be resumed or stopped after a failure or interruption.</param>
/// <param name="Alive">True when an OS process is running it right now.</param>
/// <param name="Error">The error that paused it, if any.</param>
/// <param name="CompletedSteps">The steps completed so far, in order.</param>
/// <param name="Table">The table it works on, if any.</param>
/// <param name="Arguments">The stored arguments.</param>
/// <param name="StartedAt">When it started.</param>
/// <param name="RowsPlanned">Rows it set out to compute (execute).</param>
/// <param name="RowsDone">Rows computed so far (execute).</param>
/// <param name="BuilderCalls">Calls of builder functions so far (execute).</param>
public sealed record VaultProcessInfo(string ProcessId, string Operation, JobStatus Status, bool Paused, bool Alive, string? Error,
    IReadOnlyList<string> CompletedSteps, string? Table, IReadOnlyDictionary<string, string?> Arguments, DateTimeOffset StartedAt,
    long RowsPlanned, long RowsDone, long BuilderCalls)
{
    internal static VaultProcessInfo From(ProcessRecord r, bool alive) =>
        new(r.ProcessId, r.Operation, r.Status, r.Paused || (!alive && !r.IsFinished), alive, r.Error, r.CompletedSteps, r.Table, r.Arguments,
            r.StartedAt, r.RowsPlanned, r.RowsDone, r.BuilderCalls);
}
