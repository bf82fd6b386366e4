namespace Strata.Backfill;

/// <summary>Options of <c>Table.BackfillAsync</c> (Geneva's <c>backfill</c> parameters). Defaults suit a laptop.</summary>
public sealed record BackfillOptions
{
    /// <summary>Rows to compute (SQL predicate). Default: rows where the column is null — or all rows of fragments whose values came from another UDF version or other input data.</summary>
    public string? Where { get; init; }

    /// <summary>Tasks run at the same time. Default: the number of cores.</summary>
    public int Concurrency { get; init; } = Environment.ProcessorCount;

    /// <summary>Rows per checkpoint (the most a crash can lose per running task). Default: the UDF's CheckpointSize.</summary>
    public int? CheckpointSize { get; init; }

    /// <summary>Rows per task (a task is a row range of one fragment). Default: 4 × CheckpointSize.</summary>
    public int? TaskRows { get; init; }

    /// <summary>
    /// Fragments committed together. Default (null): each fragment is committed as soon as it is assembled, unless
    /// the previous commit was so recent that commits would take more than about a fifth of the time (then the
    /// ready ones go together with the next, or at once when <see cref="DefaultCommitGranularity"/> are ready) — so
    /// an interrupted job leaves its finished fragments committed and a resume has little left to do.
    /// </summary>
    public int? CommitGranularity { get; init; }

    /// <summary>Ready fragments that trigger a commit when <see cref="CommitGranularity"/> is not set.</summary>
    public const int DefaultCommitGranularity = 64;

    /// <summary>The job's id: give the id of an interrupted job to resume it. Default: a new id.</summary>
    public string? JobId { get; init; }

    /// <summary>Recompute only the rows a previous job recorded as failed (skipped) — pass that job's id.</summary>
    public string? RetryFailedRowsOf { get; init; }

    /// <summary>Where tasks run. Default: in this process.</summary>
    public IBackfillExecutor? Executor { get; init; }

    /// <summary>Receives progress as checkpoints complete.</summary>
    public IProgress<BackfillProgress>? Progress { get; init; }

    internal BackfillOptions Validate()
    {
        if (Concurrency < 1) throw new StrataInvalidInputException("concurrency must be at least 1.");
        if (CheckpointSize is < 1) throw new StrataInvalidInputException("checkpoint size must be at least 1.");
        if (TaskRows is < 1) throw new StrataInvalidInputException("task rows must be at least 1.");
        if (CommitGranularity is < 1) throw new StrataInvalidInputException("commit granularity must be at least 1.");
        if (Where is not null) Query.SqlGuard.Expression(Where, "where clause");
        return this;
    }
}
