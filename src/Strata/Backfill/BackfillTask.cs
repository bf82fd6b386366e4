namespace Strata.Backfill;

/// <summary>
/// One unit of backfill work, self-contained and serializable (JSON): compute the UDF for physical rows
/// [<see cref="RowStart"/>, <see cref="RowEnd"/>) of one fragment of the table as it was at
/// <see cref="ReadVersion"/>, writing checkpoints of <see cref="CheckpointSize"/> rows under
/// <see cref="CheckpointKey"/>. Any process that can open the lake and resolve the UDF by name can run it.
/// </summary>
public sealed record BackfillTask
{
    /// <summary>The job this task belongs to.</summary>
    public required string JobId { get; init; }
    /// <summary>The table's id.</summary>
    public required string TableId { get; init; }
    /// <summary>The table's name (for messages).</summary>
    public required string TableName { get; init; }
    /// <summary>The version the plan read.</summary>
    public required long ReadVersion { get; init; }
    /// <summary>The fragment.</summary>
    public required long FragmentId { get; init; }
    /// <summary>First physical row (inclusive).</summary>
    public required long RowStart { get; init; }
    /// <summary>Last physical row (exclusive).</summary>
    public required long RowEnd { get; init; }
    /// <summary>Output columns (names at the read version) filled by the UDF, in output order.</summary>
    public required IReadOnlyList<string> Columns { get; init; }
    /// <summary>Input columns bound to the UDF's parameters, in order.</summary>
    public required IReadOnlyList<string> Inputs { get; init; }
    /// <summary>The UDF's registered name.</summary>
    public required string Udf { get; init; }
    /// <summary>The UDF version the plan expects.</summary>
    public required string UdfVersion { get; init; }
    /// <summary>Rows to compute (SQL predicate over the table's columns).</summary>
    public required string Where { get; init; }
    /// <summary>Rows per checkpoint.</summary>
    public required int CheckpointSize { get; init; }
    /// <summary>Folder key of this fragment's checkpoints (UDF version, columns, where, input files).</summary>
    public required string CheckpointKey { get; init; }
    /// <summary>A hash of the fragment's input files, recorded with the committed column file.</summary>
    public required string InputsKey { get; init; }

    /// <summary>
    /// True when slices may grow beyond <see cref="CheckpointSize"/> (to about a quarter second of work each);
    /// false keeps every slice at <see cref="CheckpointSize"/> rows. Set when nobody chose a checkpoint size.
    /// </summary>
    public bool GrowSlices { get; init; }

    /// <summary>Rows in the range.</summary>
    public long Rows => RowEnd - RowStart;
}
