using Strata.Data;

namespace Strata;

/// <summary>
/// One state of a job (backfill, later refresh and execute): what it works on, where it stands and what it
/// has done so far. Every change of state is appended to <c>__system.jobs</c> as a whole row with a higher
/// <see cref="Seq"/>; the row with the highest <c>seq</c> is the job's current state, and the older rows are
/// its history. Make a changed state with <c>with</c> and save it again.
/// </summary>
/// <remarks>Column names (in brackets below) are snake_case and stable: they are the table's format.</remarks>
public sealed record JobRecord
{
    /// <summary>The job's id: letters, digits, '-' and '_', at most 64 characters (<c>job_id</c>). See <see cref="Lake.NewJobId"/>.</summary>
    [StrataColumn(Name = "job_id")]
    public required string JobId { get; init; }

    /// <summary>
    /// The number of this state among the job's states (<c>seq</c>): set by the store when the state is saved,
    /// strictly greater than every state of the job the saving process has seen. Ignored on input.
    /// </summary>
    [StrataColumn(Name = "seq")]
    public long Seq { get; init; }

    /// <summary>The qualified name of the table the job works on (<c>table_name</c>).</summary>
    [StrataColumn(Name = "table_name")]
    public required string Table { get; init; }

    /// <summary>The permanent id of that table, which survives renames (<c>table_id</c>).</summary>
    [StrataColumn(Name = "table_id")]
    public string? TableId { get; init; }

    /// <summary>The column(s) the job computes, comma-joined when several (<c>column_name</c>).</summary>
    [StrataColumn(Name = "column_name")]
    public string? Column { get; init; }

    /// <summary>What the job does: <c>backfill</c>, <c>refresh</c> or <c>execute</c> (<c>kind</c>).</summary>
    [StrataColumn(Name = "kind")]
    public required string Kind { get; init; }

    /// <summary>The job's state (<c>status</c>, stored by name). Default <see cref="JobStatus.Pending"/>.</summary>
    [StrataColumn(Name = "status")]
    public JobStatus Status { get; init; } = JobStatus.Pending;

    /// <summary>Who started the job (<c>launched_by</c>); the lake's author when left empty.</summary>
    [StrataColumn(Name = "launched_by")]
    public string LaunchedBy { get; init; } = "";

    /// <summary>The job's options as a JSON object (<c>config</c>). Default <c>{}</c>.</summary>
    [StrataColumn(Name = "config")]
    public string Config { get; init; } = "{}";

    /// <summary>When the job was recorded (<c>created_at</c>, UTC, microseconds); set by the store when left default.</summary>
    [StrataColumn(Name = "created_at")]
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the job started running (<c>started_at</c>).</summary>
    [StrataColumn(Name = "started_at")]
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>When this state was saved (<c>updated_at</c>); set by the store.</summary>
    [StrataColumn(Name = "updated_at")]
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>When the job finished, whatever the outcome (<c>completed_at</c>).</summary>
    [StrataColumn(Name = "completed_at")]
    public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>Rows the job set out to compute (<c>rows_planned</c>).</summary>
    [StrataColumn(Name = "rows_planned")]
    public long RowsPlanned { get; init; }

    /// <summary>Rows computed and saved in checkpoints (<c>rows_checkpointed</c>).</summary>
    [StrataColumn(Name = "rows_checkpointed")]
    public long RowsCheckpointed { get; init; }

    /// <summary>Rows committed to the table (<c>rows_committed</c>).</summary>
    [StrataColumn(Name = "rows_committed")]
    public long RowsCommitted { get; init; }

    /// <summary>Rows skipped (already computed, or filtered out) (<c>rows_skipped</c>).</summary>
    [StrataColumn(Name = "rows_skipped")]
    public long RowsSkipped { get; init; }

    /// <summary>Rows whose computation failed after retries (<c>rows_failed</c>).</summary>
    [StrataColumn(Name = "rows_failed")]
    public long RowsFailed { get; init; }

    /// <summary>Fragments the job set out to process (<c>fragments_planned</c>).</summary>
    [StrataColumn(Name = "fragments_planned")]
    public long FragmentsPlanned { get; init; }

    /// <summary>Fragments whose results are committed (<c>fragments_committed</c>).</summary>
    [StrataColumn(Name = "fragments_committed")]
    public long FragmentsCommitted { get; init; }

    /// <summary>Time spent in user code, summed over workers, in milliseconds (<c>udf_ms</c>).</summary>
    [StrataColumn(Name = "udf_ms")]
    public long UdfMs { get; init; }

    /// <summary>Time spent reading inputs, in milliseconds (<c>read_ms</c>).</summary>
    [StrataColumn(Name = "read_ms")]
    public long ReadMs { get; init; }

    /// <summary>Time spent writing checkpoints and data files, in milliseconds (<c>write_ms</c>).</summary>
    [StrataColumn(Name = "write_ms")]
    public long WriteMs { get; init; }

    /// <summary>Commits that lost a race and were rebased (<c>commit_retries</c>).</summary>
    [StrataColumn(Name = "commit_retries")]
    public long CommitRetries { get; init; }

    /// <summary>Why the job failed, when it did (<c>error</c>).</summary>
    [StrataColumn(Name = "error")]
    public string? Error { get; init; }

    /// <summary>The cluster the job runs on, when not local (<c>cluster</c>).</summary>
    [StrataColumn(Name = "cluster")]
    public string? Cluster { get; init; }

    /// <summary>The code manifest the job's workers use (<c>manifest</c>).</summary>
    [StrataColumn(Name = "manifest")]
    public string? Manifest { get; init; }

    /// <summary>The process that runs the job (e.g. <c>host:pid</c>) (<c>process_id</c>).</summary>
    [StrataColumn(Name = "process_id")]
    public string? ProcessId { get; init; }

    /// <summary>True when the job is done, failed or cancelled: it will not change any more.</summary>
    [StrataIgnore]
    public bool IsFinished => Status is JobStatus.Done or JobStatus.Failed or JobStatus.Cancelled;
}
