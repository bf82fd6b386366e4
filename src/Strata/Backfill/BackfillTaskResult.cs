namespace Strata.Backfill;

/// <summary>What one task did.</summary>
/// <param name="Task">The task.</param>
/// <param name="RowsComputed">Rows the UDF was run for in this run.</param>
/// <param name="RowsFromCheckpoints">Rows whose checkpoint existed already.</param>
/// <param name="Calls">Calls of the user's function.</param>
/// <param name="Errors">Rows skipped after errors (row id, attempts, exception type, message, stack).</param>
/// <param name="Retries">Attempts that failed and were retried.</param>
/// <param name="UdfTime">Time in the UDF.</param>
/// <param name="ReadTime">Time reading inputs.</param>
/// <param name="WriteTime">Time writing checkpoints.</param>
public sealed record BackfillTaskResult(BackfillTask Task, long RowsComputed, long RowsFromCheckpoints, long Calls,
    IReadOnlyList<BackfillRowError> Errors, int Retries, TimeSpan UdfTime, TimeSpan ReadTime, TimeSpan WriteTime);

/// <summary>A row a backfill skipped after its UDF failed.</summary>
/// <param name="RowId">The stable row id.</param>
/// <param name="Attempt">Attempts made.</param>
/// <param name="ExceptionType">The exception's type name.</param>
/// <param name="Message">The exception's message.</param>
/// <param name="StackTrace">The exception's stack trace.</param>
public sealed record BackfillRowError(long RowId, int Attempt, string ExceptionType, string Message, string? StackTrace);
