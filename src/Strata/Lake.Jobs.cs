using Strata.Jobs;

namespace Strata;

public sealed partial class Lake
{
    private JobStore? _jobs;

    /// <summary>The lake's job records (tables <c>__system.jobs</c>, <c>__system.job_events</c>, <c>__system.errors</c>).</summary>
    internal JobStore Jobs
    {
        get
        {
            if (Volatile.Read(ref _jobs) is { } jobs) return jobs;
            Interlocked.CompareExchange(ref _jobs, new JobStore(this), null);
            return _jobs;
        }
    }

    /// <summary>A new job id such as <c>job-20250101-120000-a1b2c3</c>: UTC time of creation, then 6 random hex digits.</summary>
    public static string NewJobId() => JobIds.New();

    /// <summary>
    /// The current state of the lake's jobs, newest first (also readable with SQL:
    /// <c>SELECT * FROM __system.jobs</c> gives every state, one row per change).
    /// </summary>
    /// <param name="table">Only jobs of this table (qualified name, case-insensitive, or table id); all when null.</param>
    /// <param name="status">Only jobs whose current status is this; all when null.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public Task<IReadOnlyList<JobRecord>> ListJobsAsync(string? table = null, JobStatus? status = null, CancellationToken cancellationToken = default) =>
        Jobs.ListAsync(table, status, cancellationToken);

    /// <summary>The current state of a job.</summary>
    /// <exception cref="StrataNotFoundException">There is no job with that id.</exception>
    /// <exception cref="StrataInvalidInputException">The id is not a valid job id.</exception>
    public async Task<JobRecord> GetJobAsync(string jobId, CancellationToken cancellationToken = default) =>
        await Jobs.GetAsync(jobId, cancellationToken).ConfigureAwait(false)
        ?? throw new StrataNotFoundException($"job '{jobId}' does not exist in {Location}; list jobs with Lake.ListJobsAsync.");

    /// <summary>
    /// The errors recorded by a job (user code that failed for a row), in the order they happened; empty
    /// when there are none or no such job.
    /// </summary>
    /// <param name="jobId">The job.</param>
    /// <param name="column">Only errors of this column (case-insensitive); all when null.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="StrataInvalidInputException">The id is not a valid job id.</exception>
    public Task<IReadOnlyList<JobError>> GetErrorsAsync(string jobId, string? column = null, CancellationToken cancellationToken = default) =>
        Jobs.GetErrorsAsync(jobId, column, cancellationToken);

    /// <summary>A job's events in the order they happened; empty when there are none or no such job.</summary>
    /// <exception cref="StrataInvalidInputException">The id is not a valid job id.</exception>
    public Task<IReadOnlyList<JobEvent>> GetJobEventsAsync(string jobId, CancellationToken cancellationToken = default) =>
        Jobs.GetEventsAsync(jobId, cancellationToken);
}
