using System.Globalization;
using Strata.Backfill;
using Strata.Storage;

namespace Strata.TestHost;

/// <summary>The host's modes. Each prints <c>committed &lt;version&gt; &lt;detail&gt;</c> after every commit returns.</summary>
internal static class HostModes
{
    private static LakeOptions Options(string author) => new() { Author = author, EngineThreads = 1 };

    /// <summary>
    /// Warms the SQL engine (a first query) so that the work after <c>ready</c> is commits, not start-up; prints
    /// <c>ready</c>; then waits for the start file when one is set.
    /// </summary>
    private static async Task ReadyAsync(Table table, string line)
    {
        await table.CountRowsAsync("true");
        HostOutput.Line(line);
        if (Environment.GetEnvironmentVariable(HostEnvironment.StartFileVariable) is not { Length: > 0 } startFile) return;
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (!File.Exists(startFile))
        {
            if (DateTime.UtcNow > deadline)
            {
                await Console.Error.WriteLineAsync($"start file {startFile} did not appear; starting anyway");
                return;
            }
            await Task.Delay(2);
        }
    }

    /// <summary>Runs the commit-loop workload for <paramref name="count"/> steps, continuing the table's host history.</summary>
    public static async Task CommitLoopAsync(string lakePath, string tableName, int count)
    {
        await using var lake = await Lake.OpenAsync(lakePath, Options(CommitPlan.HostAuthor));
        var table = await lake.OpenTableAsync(tableName);
        var versions = await table.ListVersionsAsync();
        long step = versions.Count(v => v.Author == CommitPlan.HostAuthor);
        await ReadyAsync(table, $"ready {Num(step)} {Num(table.Version)}");
        for (var i = 0; i < count; i++, step++)
        {
            var plan = CommitPlan.For(step);
            var version = await RunStepAsync(table, plan);
            HostOutput.Line($"committed {Num(version)} step={Num(step)} op={plan.OperationKind}");
        }
        HostOutput.Line("done");
    }

    private static async Task<long> RunStepAsync(Table table, PlannedStep plan)
    {
        switch (plan.Kind)
        {
            case StepKind.Append:
                return (await table.AddAsync(CommitPlan.Rows(plan.FirstId, CommitPlan.RowsPerAppend, CommitPlan.HostWriter))).Version;
            case StepKind.Delete:
                Expect(plan, await table.DeleteAsync(plan.Where));
                return table.Version;
            case StepKind.Update:
                Expect(plan, await table.UpdateAsync(plan.Where, new Dictionary<string, string> { ["val"] = $"val + {Num(PlannedStep.UpdateDelta)}" }));
                return table.Version;
            case StepKind.AddColumn:
                return (await table.AddColumnsAsync(new Dictionary<string, string> { [plan.ColumnName] = plan.Expression })).Version;
            default:
                var before = table.Version;
                var result = await table.CompactAsync();
                if (result.Version == before) throw new InvalidOperationException($"step {plan.Step}: compaction found nothing to do");
                return result.Version;
        }
    }

    private static void Expect(PlannedStep plan, long rows)
    {
        if (rows != plan.ExpectedRows)
            throw new InvalidOperationException($"step {plan.Step} ({plan.Kind} where {plan.Where}) changed {rows} rows, expected {plan.ExpectedRows}");
    }

    /// <summary>Appends <paramref name="count"/> batches of <paramref name="rows"/> rows tagged with the writer (ids 0…count*rows-1).</summary>
    public static async Task AppendLoopAsync(string lakePath, string tableName, string writer, int count, int rows)
    {
        await using var lake = await Lake.OpenAsync(lakePath, Options(writer));
        var table = await lake.OpenTableAsync(tableName);
        await ReadyAsync(table, "ready");
        for (var k = 0; k < count; k++)
        {
            var v = await table.AddAsync(CommitPlan.Rows((long)k * rows, rows, writer));
            HostOutput.Line($"committed {Num(v.Version)} writer={writer} k={Num(k)}");
        }
        HostOutput.Line("done");
    }

    /// <summary>
    /// Adds columns <c>PREFIX_i = id * i</c> for i = 1…count, one commit each; with <paramref name="startAtVersion"/>,
    /// only once the table has reached that version (so the additions land while other writers are busy).
    /// </summary>
    public static async Task AddColumnsAsync(string lakePath, string tableName, string prefix, int count, long startAtVersion)
    {
        await using var lake = await Lake.OpenAsync(lakePath, Options("columns-" + prefix));
        var table = await lake.OpenTableAsync(tableName);
        await ReadyAsync(table, "ready");
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (await table.GetLatestVersionAsync() < startAtVersion && DateTime.UtcNow < deadline) await Task.Delay(2);
        await table.RefreshAsync();
        for (var i = 1; i <= count; i++)
        {
            var name = $"{prefix}_{Num(i)}";
            var v = await table.AddColumnsAsync(new Dictionary<string, string> { [name] = $"id * {Num(i)}" });
            HostOutput.Line($"committed {Num(v.Version)} column={name}");
        }
        HostOutput.Line("done");
    }

    /// <summary>
    /// One delete (or, with <paramref name="set"/>, one update) that may race others; prints <c>conflict</c>
    /// when it fails with <see cref="StrataConflictException"/>. With a barrier, the commit waits for the others.
    /// </summary>
    public static async Task ConflictWriteAsync(string lakePath, string tableName, string where, (string Column, string Expression)? set,
        string? barrierDir, int parties)
    {
        ILakeStorage storage = new LocalFolderStorage(lakePath);
        if (barrierDir is not null) storage = new BarrierStorage(storage, barrierDir, parties);
        await using var lake = await Lake.OpenAsync(storage, Options(set is null ? "conflict-delete" : "conflict-update"));
        var table = await lake.OpenTableAsync(tableName);
        await ReadyAsync(table, "ready");
        try
        {
            var rows = set is { } s
                ? await table.UpdateAsync(where, new Dictionary<string, string> { [s.Column] = s.Expression })
                : await table.DeleteAsync(where);
            HostOutput.Line($"committed {Num(table.Version)} rows={Num(rows)}");
        }
        catch (StrataConflictException e)
        {
            HostOutput.Line("conflict");
            await Console.Error.WriteLineAsync(e.Message);
        }
    }

    /// <summary>
    /// Backfills <paramref name="column"/> (a column added with <see cref="BackfillWorkload.CreateUdf"/>) as job
    /// <paramref name="jobId"/> — a new job, or the resumption of a killed one — with <see cref="BackfillWorkload.CheckpointSize"/>,
    /// <see cref="BackfillWorkload.TaskRows"/> and a commit per fragment. Every UDF call appends the row's id to
    /// <paramref name="callsFile"/>. Prints <c>checkpoint &lt;rowsDone&gt;</c> per checkpoint (written or found),
    /// <c>committed &lt;version&gt;</c> per manifest the table gets, and finally
    /// <c>done &lt;rowsComputed&gt; &lt;rowsFromCheckpoints&gt; &lt;calls&gt;</c>.
    /// </summary>
    public static async Task BackfillAsync(string lakePath, string tableName, string column, string jobId, string callsFile, int concurrency)
    {
        HostStall.Configure(Environment.GetEnvironmentVariable(HostEnvironment.StallVariable));
        var delay = Environment.GetEnvironmentVariable(HostEnvironment.CallDelayVariable) is { Length: > 0 } d
            ? int.Parse(d, NumberStyles.None, CultureInfo.InvariantCulture)
            : 0;
        BackfillCalls.Open(callsFile, delay);
        var storage = new ObservedStorage(new LocalFolderStorage(Path.GetFullPath(lakePath)));
        await using var lake = await Lake.OpenAsync(storage, Options("backfill-host"));
        lake.Udfs.Register(BackfillWorkload.CreateUdf());
        var table = await lake.OpenTableAsync(tableName);
        storage.TableId = table.Id;
        await ReadyAsync(table, "ready");
        var result = await table.BackfillAsync(column, new BackfillOptions
        {
            JobId = jobId,
            Concurrency = concurrency,
            CheckpointSize = BackfillWorkload.CheckpointSize,
            TaskRows = BackfillWorkload.TaskRows,
            CommitGranularity = 1,
            Progress = new LineProgress(),
        });
        HostOutput.Line($"done {Num(result.RowsComputed)} {Num(result.RowsFromCheckpoints)} {Num(result.Calls)}");
    }

    /// <summary>Prints each progress report at once, on the reporting thread (not posted, as <see cref="Progress{T}"/> would).</summary>
    private sealed class LineProgress : IProgress<BackfillProgress>
    {
        public void Report(BackfillProgress value) => HostOutput.Line($"checkpoint {Num(value.RowsDone)}");
    }

    private static string Num(long n) => n.ToString(CultureInfo.InvariantCulture);
}
