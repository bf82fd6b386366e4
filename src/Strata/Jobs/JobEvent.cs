using Strata.Data;

namespace Strata;

/// <summary>
/// Something that happened during a job (started, fragment committed, retrying, cancelled …): one row of
/// <c>__system.job_events</c>.
/// </summary>
/// <param name="JobId">The job (column <c>job_id</c>).</param>
/// <param name="Time">When it happened (column <c>time</c>; stored to the microsecond, in UTC).</param>
/// <param name="Kind">A short machine-readable word such as <c>started</c> or <c>commit</c> (column <c>kind</c>).</param>
/// <param name="Message">What happened, for people (column <c>message</c>).</param>
public sealed record JobEvent(
    [StrataColumn(Name = "job_id")] string JobId,
    [StrataColumn(Name = "time")] DateTimeOffset Time,
    [StrataColumn(Name = "kind")] string Kind,
    [StrataColumn(Name = "message")] string Message);
