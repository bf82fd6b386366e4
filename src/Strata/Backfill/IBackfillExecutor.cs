namespace Strata.Backfill;

/// <summary>
/// Runs backfill tasks somewhere: in this process (<see cref="InProcessBackfillExecutor"/>, the default)
/// or on other processes or machines. Planning, checkpoints and commits do not depend on where tasks run.
/// </summary>
/// <remarks>
/// Call order: the driver calls <see cref="RunAsync"/> once per job with every task of the plan. The
/// executor runs each task exactly to completion at least once (running one twice is harmless: its
/// checkpoints are idempotent) by calling <see cref="BackfillExecution.RunTaskAsync"/> — in another
/// process, the equivalent is opening the lake and running the serialized <see cref="BackfillTask"/>
/// with a <c>BackfillExecution</c> of its own — and reports each finished task through
/// the <c>completed</c> callback (which may commit fragments; calls may overlap). It returns when all
/// tasks are done, and throws the first task failure (after stopping the others) or
/// <see cref="OperationCanceledException"/> when cancelled.
/// </remarks>
public interface IBackfillExecutor
{
    /// <summary>Runs the tasks; see the remarks for the contract.</summary>
    Task RunAsync(BackfillExecution execution, IReadOnlyList<BackfillTask> tasks, Func<BackfillTaskResult, CancellationToken, Task> completed,
        CancellationToken cancellationToken);
}
