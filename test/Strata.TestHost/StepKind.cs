namespace Strata.TestHost;

/// <summary>What one step of the commit-loop workload does.</summary>
public enum StepKind
{
    /// <summary>Appends <see cref="CommitPlan.RowsPerAppend"/> rows.</summary>
    Append,

    /// <summary>Deletes the odd ids of the previous step's append.</summary>
    Delete,

    /// <summary>Adds 1000 to <c>val</c> of the previous step's append.</summary>
    Update,

    /// <summary>Adds a SQL column <c>c&lt;step&gt; = id * multiplier</c>.</summary>
    AddColumn,

    /// <summary>Compacts every fragment into one.</summary>
    Compact,
}
