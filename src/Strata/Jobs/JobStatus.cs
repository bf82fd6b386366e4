namespace Strata;

/// <summary>The state of a job. Stored by name (e.g. <c>Running</c>) in <c>__system.jobs</c>.</summary>
public enum JobStatus
{
    /// <summary>Recorded but not started.</summary>
    Pending,

    /// <summary>Working; its metrics grow as checkpoints and commits land.</summary>
    Running,

    /// <summary>Finished successfully.</summary>
    Done,

    /// <summary>Stopped by an error (see <see cref="JobRecord.Error"/> and the job's errors).</summary>
    Failed,

    /// <summary>Stopped on request.</summary>
    Cancelled,
}
