namespace Strata.Backfill;

/// <summary>A backfill's progress.</summary>
/// <param name="JobId">The job.</param>
/// <param name="RowsPlanned">Physical rows covered by the plan's tasks.</param>
/// <param name="RowsDone">Rows checkpointed so far (including checkpoints found from an earlier run).</param>
/// <param name="RowsFromEarlierRuns">Rows whose checkpoints an earlier run had written.</param>
/// <param name="RowsCommitted">Rows whose fragments are committed.</param>
/// <param name="FragmentsCommitted">Fragments committed.</param>
/// <param name="FragmentsPlanned">Fragments with work.</param>
/// <param name="RowsFailed">Rows skipped after errors.</param>
/// <param name="Elapsed">Time since the job started.</param>
public sealed record BackfillProgress(string JobId, long RowsPlanned, long RowsDone, long RowsFromEarlierRuns, long RowsCommitted,
    int FragmentsCommitted, int FragmentsPlanned, long RowsFailed, TimeSpan Elapsed)
{
    /// <summary>Rows computed per second in this run.</summary>
    public double RowsPerSecond => Elapsed.TotalSeconds > 0 ? (RowsDone - RowsFromEarlierRuns) / Elapsed.TotalSeconds : 0;

    /// <summary>Estimated time left, when it can be estimated.</summary>
    public TimeSpan? Eta => RowsPerSecond > 0 ? TimeSpan.FromSeconds((RowsPlanned - RowsDone) / RowsPerSecond) : null;

    /// <summary>Fraction done, 0..1.</summary>
    public double Fraction => RowsPlanned == 0 ? 1 : (double)RowsDone / RowsPlanned;
}
