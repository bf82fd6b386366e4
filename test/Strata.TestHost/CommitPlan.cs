using Strata.Data;

namespace Strata.TestHost;

/// <summary>
/// The commit-loop workload: a fixed cycle of ten steps (appends, a delete, an update, and an
/// add-column or a compaction) so that kills land inside every kind of commit. Step numbers count the
/// versions the host has committed so far (versions whose author is <see cref="HostAuthor"/>), so a
/// restarted host continues exactly where the killed one stopped.
/// </summary>
public static class CommitPlan
{
    /// <summary>The author recorded by the host's commits.</summary>
    public const string HostAuthor = "crash-host";

    /// <summary>Rows per append step.</summary>
    public const int RowsPerAppend = 10;

    /// <summary>The writer column of rows appended by the host.</summary>
    public const string HostWriter = "host";

    /// <summary>The schema of the tables the host writes: id, writer, val.</summary>
    public static Schema TableSchema { get; } = new(new Field("id", DataType.Int64), new Field("writer", DataType.String), new Field("val", DataType.Int64));

    /// <summary>The step with number <paramref name="step"/> (0-based).</summary>
    public static PlannedStep For(long step)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        var kind = (step % 10) switch
        {
            3 => StepKind.Delete,
            6 => StepKind.Update,
            9 => step / 10 % 2 == 0 ? StepKind.AddColumn : StepKind.Compact,
            _ => StepKind.Append,
        };
        return new PlannedStep(step, kind);
    }

    /// <summary><paramref name="count"/> rows with ids <paramref name="firstId"/>…, the writer's name, and val = id.</summary>
    public static RecordBatch Rows(long firstId, int count, string writer)
    {
        var ids = new long[count];
        var writers = new string?[count];
        for (var i = 0; i < count; i++)
        {
            ids[i] = firstId + i;
            writers[i] = writer;
        }
        return new RecordBatch(TableSchema, [Column.From(ids), Column.From(writers), Column.From((long[])ids.Clone())]);
    }
}
