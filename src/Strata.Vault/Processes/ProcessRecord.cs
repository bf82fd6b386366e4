namespace Strata.Vault.Processes;

/// <summary>
/// The durable record of a vault process (<c>vault/processes/&lt;id&gt;/process.json</c>): the operation and
/// its arguments (enough to redo it), its status in Strata's job vocabulary, and the log of completed steps.
/// </summary>
internal sealed record ProcessRecord : Model.IVaultRecord
{
    public string Format { get; init; } = "strata-vault-process";
    public int FormatVersion { get; init; } = 1;
    public required string ProcessId { get; init; }
    public required string Operation { get; init; }
    public required IReadOnlyDictionary<string, string?> Arguments { get; init; }

    /// <summary>True when the caller supplied the id: failures pause instead of reverting.</summary>
    public bool CallerId { get; init; }
    public JobStatus Status { get; init; } = JobStatus.Running;

    /// <summary>True while a caller-id process waits, after a failure or an interruption, to be resumed or stopped.</summary>
    public bool Paused { get; init; }
    public string? Error { get; init; }
    public IReadOnlyList<string> CompletedSteps { get; init; } = [];

    /// <summary>Values a step decided (generated ids, resolved origins) that a resumed run must reuse.</summary>
    public IReadOnlyDictionary<string, string> State { get; init; } = new Dictionary<string, string>();
    public string? Table { get; init; }
    public string? TableId { get; init; }
    public int OsProcessId { get; init; }
    public DateTimeOffset OsProcessStart { get; init; }
    public string Host { get; init; } = Environment.MachineName;
    public required string Author { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public DateTimeOffset? CompletedAt { get; init; }
    public long RowsPlanned { get; init; }
    public long RowsDone { get; init; }
    public long BuilderCalls { get; init; }
    public long BuilderMs { get; init; }

    /// <summary>True when the process will not change any more.</summary>
    public bool IsFinished => Status is JobStatus.Done or JobStatus.Failed or JobStatus.Cancelled;
}
