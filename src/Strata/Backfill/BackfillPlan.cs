namespace Strata.Backfill;

/// <summary>What a backfill will do (Geneva's <c>plan_backfill</c>).</summary>
/// <param name="JobId">The job id the tasks carry.</param>
/// <param name="Table">The table's name.</param>
/// <param name="Columns">Columns filled (several for a multi-output UDF).</param>
/// <param name="Udf">The UDF's name.</param>
/// <param name="UdfVersion">The UDF's version.</param>
/// <param name="ReadVersion">The table version planned against.</param>
/// <param name="Tasks">The tasks, fragment by fragment.</param>
/// <param name="RowsToCompute">Rows matching the where clause in the planned fragments.</param>
/// <param name="FragmentsSkipped">Fragments with nothing to do.</param>
public sealed record BackfillPlan(string JobId, string Table, IReadOnlyList<string> Columns, string Udf, string UdfVersion, long ReadVersion,
    IReadOnlyList<BackfillTask> Tasks, long RowsToCompute, int FragmentsSkipped)
{
    /// <summary>Fragments with work.</summary>
    public int Fragments => Tasks.Select(t => t.FragmentId).Distinct().Count();
}
