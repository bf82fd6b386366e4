using System.Globalization;

namespace Strata.TestHost;

/// <summary>
/// One step of the commit-loop workload. Everything about it is a function of its step number, so the
/// test can tell what every version written by a (killed) host must contain without trusting the host.
/// </summary>
public sealed record PlannedStep(long Step, StepKind Kind)
{
    /// <summary>First id of the rows the step appends or changes.</summary>
    public long FirstId => Kind == StepKind.Append ? Step * CommitPlan.RowsPerAppend : (Step - 1) * CommitPlan.RowsPerAppend;

    /// <summary>One past the last id the step appends or changes.</summary>
    public long EndId => FirstId + CommitPlan.RowsPerAppend;

    /// <summary>The SQL predicate of a delete or update.</summary>
    public string Where => Kind switch
    {
        StepKind.Delete => $"id >= {Num(FirstId)} AND id < {Num(EndId)} AND id % 2 = 1",
        StepKind.Update => $"id >= {Num(FirstId)} AND id < {Num(EndId)}",
        _ => throw new InvalidOperationException($"a {Kind} step has no predicate"),
    };

    /// <summary>Rows a delete removes / an update changes.</summary>
    public long ExpectedRows => Kind switch
    {
        StepKind.Delete => CommitPlan.RowsPerAppend / 2,
        StepKind.Update => CommitPlan.RowsPerAppend,
        StepKind.Append => CommitPlan.RowsPerAppend,
        _ => 0,
    };

    /// <summary>What an update adds to <c>val</c>.</summary>
    public const long UpdateDelta = 1000;

    /// <summary>The name of the column an add-column step adds.</summary>
    public string ColumnName => "c" + Num(Step);

    /// <summary>The multiplier of an add-column step's expression.</summary>
    public long Multiplier => Step % 7 + 2;

    /// <summary>The SQL expression of an add-column step.</summary>
    public string Expression => "id * " + Num(Multiplier);

    /// <summary>The operation name the committed manifest records.</summary>
    public string OperationKind => Kind switch
    {
        StepKind.Append => "append",
        StepKind.Delete => "delete",
        StepKind.Update => "update",
        StepKind.AddColumn => "add_columns",
        _ => "compact",
    };

    private static string Num(long n) => n.ToString(CultureInfo.InvariantCulture);
}
