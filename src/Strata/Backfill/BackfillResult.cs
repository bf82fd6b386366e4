namespace Strata.Backfill;

/// <summary>The outcome of a finished backfill.</summary>
/// <param name="JobId">The job.</param>
/// <param name="Version">The table version after the last commit.</param>
/// <param name="RowsComputed">Rows the UDF ran for in this run.</param>
/// <param name="RowsFromCheckpoints">Rows taken from checkpoints of an earlier run.</param>
/// <param name="RowsCommitted">Physical rows of the committed fragments.</param>
/// <param name="RowsFailed">Rows skipped after errors (null, recorded).</param>
/// <param name="FragmentsCommitted">Fragments committed.</param>
/// <param name="FragmentsLost">Fragments rewritten by a concurrent commit (e.g. compaction) before their results landed; backfill again to fill them.</param>
/// <param name="Calls">Calls of the user's function.</param>
/// <param name="CommitRetries">Commits that had to be rebased.</param>
public sealed record BackfillResult(string JobId, long Version, long RowsComputed, long RowsFromCheckpoints, long RowsCommitted, long RowsFailed,
    int FragmentsCommitted, int FragmentsLost, long Calls, int CommitRetries);
