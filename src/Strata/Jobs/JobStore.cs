using System.Text.Json;
using Strata.Data;
using Strata.Format;

namespace Strata.Jobs;

/// <summary>
/// The lake's job records, kept in versioned system tables so they survive crashes and read with SQL:
/// <c>__system.jobs</c> (one row per state of a job; the row with the highest <c>seq</c> is the current
/// state), <c>__system.job_events</c> and <c>__system.errors</c>. One per <see cref="Lake"/>; the tables are
/// created on the first write, and reads of a lake without them find nothing.
/// </summary>
/// <remarks>
/// <c>seq</c> is a hybrid logical clock: microseconds since the Unix epoch, raised above every seq this
/// object has issued or read. So a process's states of a job are strictly ordered, a state saved after reading
/// another (in any process) orders after it, and otherwise concurrent writers are ordered by wall clock; the
/// rare tie between processes goes to the row committed last (highest row id), the same for every reader.
/// Times are stored in UTC to the microsecond; records returned by the store are already truncated so
/// they compare equal to what is read back.
/// </remarks>
internal sealed class JobStore
{
    public const string JobsTable = "jobs";
    public const string EventsTable = "job_events";
    public const string ErrorsTable = "errors";

    private readonly Lake _lake;
    private readonly SystemTable<JobRecord> _jobs;
    private readonly SystemTable<JobEvent> _events;
    private readonly SystemTable<JobError> _errors;
    private long _clock;

    public JobStore(Lake lake)
    {
        _lake = lake;
        _jobs = new SystemTable<JobRecord>(lake, JobsTable);
        _events = new SystemTable<JobEvent>(lake, EventsTable);
        _errors = new SystemTable<JobError>(lake, ErrorsTable);
    }

    /// <summary>
    /// Records a new job, unless one with its id exists: then the existing job's current state is returned
    /// and nothing is written (so a driver that restarts with the same id resumes the record it left).
    /// Fills in <see cref="JobRecord.CreatedAt"/> (when default), <see cref="JobRecord.UpdatedAt"/>,
    /// <see cref="JobRecord.LaunchedBy"/> (when empty, the lake's author) and <see cref="JobRecord.Seq"/>.
    /// </summary>
    /// <remarks>Two processes creating the same id at the same instant both write; the later seq is the current state.</remarks>
    public async Task<JobRecord> CreateAsync(JobRecord job, CancellationToken ct)
    {
        Check(job);
        if (await GetAsync(job.JobId, ct).ConfigureAwait(false) is { } existing) return existing;
        var stamped = Stamp(job);
        await _jobs.AppendAsync([stamped], ct).ConfigureAwait(false);
        return stamped;
    }

    /// <summary>Appends a new state of a job (stamping seq and updated_at); returns the state as stored.</summary>
    public async Task<JobRecord> SaveAsync(JobRecord job, CancellationToken ct)
    {
        Check(job);
        var stamped = Stamp(job);
        await _jobs.AppendAsync([stamped], ct).ConfigureAwait(false);
        return stamped;
    }

    /// <summary>The job's current state, or null when there is no such job.</summary>
    public async Task<JobRecord?> GetAsync(string jobId, CancellationToken ct)
    {
        var id = SqlNames.Literal(JobIds.Validate(jobId));
        // A job has a handful of states: they are read unsorted (a sort of the wide rows costs more than the scan) and the
        // current one — highest seq, then the row committed last — is picked here.
        var rows = await _jobs.QueryBatchAsync(scan => $"SELECT * FROM ({scan}) AS j WHERE job_id = {id}", withRowId: true, ct).ConfigureAwait(false);
        if (rows is null || rows.RowCount == 0) return null;
        var seqs = ((PrimitiveColumn<long>)rows.Column("seq")).RawValues;
        var rowIds = ((PrimitiveColumn<long>)rows.Column(FormatConstants.RowIdColumn)).RawValues;
        var best = 0;
        for (var r = 1; r < rows.RowCount; r++)
            if (seqs[r] > seqs[best] || (seqs[r] == seqs[best] && rowIds[r] > rowIds[best])) best = r;
        var current = rows.Slice(best, 1).ToRecords<JobRecord>()[0];
        Observe(current.Seq);
        return current;
    }

    /// <summary>
    /// The current state of every job, newest first, optionally only jobs of a table (by qualified name,
    /// case-insensitive, or by table id) and only those whose current status is <paramref name="status"/>.
    /// </summary>
    public async Task<IReadOnlyList<JobRecord>> ListAsync(string? table, JobStatus? status, CancellationToken ct)
    {
        var filters = new List<string>();
        if (table is not null) filters.Add($"(lower(table_name) = lower({SqlNames.Literal(table)}) OR table_id = {SqlNames.Literal(table)})");
        if (status is { } s) filters.Add($"status = {SqlNames.Literal(s.ToString())}");
        var where = filters.Count == 0 ? "" : "WHERE " + string.Join(" AND ", filters);
        var rows = await _jobs.QueryAsync(scan =>
            $"""
            SELECT * FROM (
                SELECT * FROM ({scan}) AS j
                QUALIFY row_number() OVER (PARTITION BY job_id ORDER BY seq DESC, _rowid DESC) = 1
            ) AS latest
            {where}
            ORDER BY created_at DESC, job_id DESC
            """, withRowId: true, ct).ConfigureAwait(false);
        foreach (var r in rows) Observe(r.Seq);
        return rows;
    }

    /// <summary>Appends events (one commit for all of them, possibly shared with other writes).</summary>
    public Task AddEventsAsync(IEnumerable<JobEvent> events, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(events);
        var list = events.Select(e =>
        {
            ArgumentNullException.ThrowIfNull(e, nameof(events));
            JobIds.Validate(e.JobId);
            return e with { Time = Micros(e.Time) };
        }).ToList();
        return _events.AppendAsync(list, ct);
    }

    /// <summary>Appends errors (one commit for all of them, possibly shared with other writes).</summary>
    public Task AddErrorsAsync(IEnumerable<JobError> errors, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var list = errors.Select(e =>
        {
            ArgumentNullException.ThrowIfNull(e, nameof(errors));
            JobIds.Validate(e.JobId);
            return e with { Time = Micros(e.Time) };
        }).ToList();
        return _errors.AppendAsync(list, ct);
    }

    /// <summary>The job's events in the order they happened (time, then the order they were written).</summary>
    public async Task<IReadOnlyList<JobEvent>> GetEventsAsync(string jobId, CancellationToken ct)
    {
        var id = SqlNames.Literal(JobIds.Validate(jobId));
        return await _events.QueryAsync(scan => $"SELECT * FROM ({scan}) AS e WHERE job_id = {id} ORDER BY time, _rowid",
            withRowId: true, ct).ConfigureAwait(false);
    }

    /// <summary>The job's errors, optionally of one column (case-insensitive), in the order they happened.</summary>
    public async Task<IReadOnlyList<JobError>> GetErrorsAsync(string jobId, string? column, CancellationToken ct)
    {
        var id = SqlNames.Literal(JobIds.Validate(jobId));
        // A multi-output UDF records its errors under all its columns ("a,b"); any one of them finds them.
        var byColumn = column is null ? "" : $" AND list_contains(string_split(lower(column_name), ','), lower({SqlNames.Literal(column)}))";
        return await _errors.QueryAsync(scan => $"SELECT * FROM ({scan}) AS e WHERE job_id = {id}{byColumn} ORDER BY time, _rowid",
            withRowId: true, ct).ConfigureAwait(false);
    }

    private static void Check(JobRecord job)
    {
        ArgumentNullException.ThrowIfNull(job);
        JobIds.Validate(job.JobId);
        if (string.IsNullOrWhiteSpace(job.Table)) throw new StrataInvalidInputException($"job '{job.JobId}' has no table name.");
        if (string.IsNullOrWhiteSpace(job.Kind)) throw new StrataInvalidInputException($"job '{job.JobId}' has no kind (backfill, refresh, execute).");
        try
        {
            using var doc = JsonDocument.Parse(job.Config);
        }
        catch (JsonException e)
        {
            throw new StrataInvalidInputException($"job '{job.JobId}': config is not JSON ({e.Message}).", e);
        }
    }

    private JobRecord Stamp(JobRecord job)
    {
        var now = Micros(DateTimeOffset.UtcNow);
        return job with
        {
            Seq = NextSeq(job.Seq),
            LaunchedBy = string.IsNullOrEmpty(job.LaunchedBy) ? _lake.Author : job.LaunchedBy,
            CreatedAt = job.CreatedAt == default ? now : Micros(job.CreatedAt),
            UpdatedAt = now,
            StartedAt = job.StartedAt is { } s ? Micros(s) : null,
            CompletedAt = job.CompletedAt is { } c ? Micros(c) : null,
        };
    }

    /// <summary>A seq above the clock, the wall clock and <paramref name="seen"/> (the seq of the state being replaced).</summary>
    private long NextSeq(long seen)
    {
        var wall = (DateTimeOffset.UtcNow.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMicrosecond;
        while (true)
        {
            var last = Volatile.Read(ref _clock);
            var next = Math.Max(Math.Max(last + 1, seen + 1), wall);
            if (Interlocked.CompareExchange(ref _clock, next, last) == last) return next;
        }
    }

    private void Observe(long seq)
    {
        while (true)
        {
            var last = Volatile.Read(ref _clock);
            if (seq <= last || Interlocked.CompareExchange(ref _clock, seq, last) == last) return;
        }
    }

    private static DateTimeOffset Micros(DateTimeOffset t) =>
        new(t.UtcTicks - t.UtcTicks % TimeSpan.TicksPerMicrosecond, TimeSpan.Zero);
}
