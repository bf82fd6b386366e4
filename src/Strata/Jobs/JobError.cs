using Strata.Data;

namespace Strata;

/// <summary>
/// A failure of user code during a job (a UDF that threw for a row, after its retries): one row of
/// <c>__system.errors</c>.
/// </summary>
/// <param name="JobId">The job (column <c>job_id</c>).</param>
/// <param name="Column">The column being computed, or null for a job-wide error (column <c>column_name</c>).</param>
/// <param name="RowId">The stable row id of the failing row, or null when not about one row (column <c>row_id</c>).</param>
/// <param name="Attempt">Which attempt failed, from 1 (column <c>attempt</c>).</param>
/// <param name="ExceptionType">The full .NET type name of the exception (column <c>exception_type</c>).</param>
/// <param name="Message">The exception's message (column <c>message</c>).</param>
/// <param name="StackTrace">The exception's stack trace, if any (column <c>stack_trace</c>).</param>
/// <param name="Time">When it failed (column <c>time</c>; stored to the microsecond, in UTC).</param>
public sealed record JobError(
    [StrataColumn(Name = "job_id")] string JobId,
    [StrataColumn(Name = "column_name")] string? Column,
    [StrataColumn(Name = "row_id")] long? RowId,
    [StrataColumn(Name = "attempt")] int Attempt,
    [StrataColumn(Name = "exception_type")] string ExceptionType,
    [StrataColumn(Name = "message")] string Message,
    [StrataColumn(Name = "stack_trace")] string? StackTrace,
    [StrataColumn(Name = "time")] DateTimeOffset Time)
{
    /// <summary>The record of an exception thrown by user code, timed now.</summary>
    public static JobError FromException(string jobId, string? column, long? rowId, int attempt, Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return new JobError(jobId, column, rowId, attempt, exception.GetType().FullName ?? exception.GetType().Name, exception.Message,
            exception.StackTrace, DateTimeOffset.UtcNow);
    }
}
