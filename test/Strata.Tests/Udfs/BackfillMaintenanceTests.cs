using Strata.Backfill;
using Strata.Udfs;
using static Strata.Tests.Udfs.UdfTestSupport;

namespace Strata.Tests.Udfs;

/// <summary>Backfills and the other writes that rewrite fragments: compaction, updates, deletes.</summary>
public sealed class BackfillMaintenanceTests
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Compaction_KeepsBackfilledValues()
    {
        await using var t = await LakeAsync(100);
        var table = await t.Lake.CreateTableAsync("docs", Rows(0, 500));
        await table.AddColumnsAsync(Udf.Scalar("id_len", (long id, string title) => id + title.Length));
        await table.BackfillAsync("id_len", new BackfillOptions { Concurrency = 2 });
        var compacted = await table.CompactAsync();
        Assert.True(compacted.Version > 0);
        await table.RefreshAsync();
        Assert.Equal(1, table.FragmentCount);
        foreach (var (id, v) in await ColumnAsync(table, "id_len")) Assert.Equal(id + Title(id).Length, v);
    }

    [Fact]
    public async Task Compaction_OfUpToDateFragments_LeavesNothingToRecompute()
    {
        await using var t = await LakeAsync(100);
        var table = await t.Lake.CreateTableAsync("docs", Rows(0, 500));
        var calls = 0L;
        await table.AddColumnsAsync(Udf.Scalar("id_len", (long id, string title) =>
        {
            Interlocked.Increment(ref calls);
            return id + title.Length;
        }));
        await table.BackfillAsync("id_len", new BackfillOptions { Concurrency = 2 });
        await table.CompactAsync();
        var again = await table.BackfillAsync("id_len", new BackfillOptions { Concurrency = 2 });
        Assert.Equal(0, again.RowsComputed);
        Assert.Equal(500, Interlocked.Read(ref calls));
    }

    [Fact]
    public async Task Compaction_DuringABackfill_LosesItsUncommittedFragments_WhichTheNextBackfillFills()
    {
        await using var t = await LakeAsync(100);
        var table = await t.Lake.CreateTableAsync("docs", Rows(0, 500));
        var gate = new ManualResetEventSlim(false);
        var paused = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = 0L;
        await table.AddColumnsAsync(Udf.Scalar("id_len", (long id, string title) =>
        {
            if (Interlocked.Increment(ref calls) == 250)
            {
                paused.TrySetResult();
                gate.Wait(HangGuard);
            }
            return id + title.Length;
        }));
        try
        {
            var job = table.BackfillAsync("id_len", new BackfillOptions { Concurrency = 1, CommitGranularity = 1 });
            await paused.Task.WaitAsync(HangGuard);
            var compactor = await t.Lake.OpenTableAsync("docs");
            await compactor.CompactAsync();
            gate.Set();
            var result = await job.Completion.WaitAsync(HangGuard);
            Assert.Equal(2, result.FragmentsCommitted);
            Assert.Equal(3, result.FragmentsLost);
            Assert.Equal(JobStatus.Done, (await t.Lake.GetJobAsync(job.JobId)).Status);
        }
        finally
        {
            gate.Set();
        }
        // Nothing lost: every row is there; the rows committed before the compaction kept their values.
        var values = await ColumnAsync(table, "id_len");
        Assert.Equal(500, values.Count);
        foreach (var (id, v) in values.Where(kv => kv.Key < 200)) Assert.Equal(id + Title(id).Length, v);

        var next = await table.BackfillAsync("id_len", new BackfillOptions { Concurrency = 2 });
        Assert.True(next.RowsComputed >= 300, $"{next.RowsComputed} rows");
        foreach (var (id, v) in await ColumnAsync(table, "id_len")) Assert.Equal(id + Title(id).Length, v);
    }

    [Fact]
    public async Task UpdatesAndDeletes_DuringABackfill_AreKept_AndTheNextBackfillCatchesUp()
    {
        await using var t = await LakeAsync(100);
        var table = await t.Lake.CreateTableAsync("docs", Rows(0, 500));
        var gate = new ManualResetEventSlim(false);
        var paused = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = 0L;
        await table.AddColumnsAsync(Udf.Scalar("title_len", (string title) =>
        {
            if (Interlocked.Increment(ref calls) == 150)
            {
                paused.TrySetResult();
                gate.Wait(HangGuard);
            }
            return title.Length;
        }));
        try
        {
            var job = table.BackfillAsync("title_len", new BackfillOptions { Concurrency = 1, CommitGranularity = 1 });
            await paused.Task.WaitAsync(HangGuard);
            var writer = await t.Lake.OpenTableAsync("docs");
            // Row 20: fragment already committed; 120: fragment in progress; 420: fragment not started.
            await writer.UpdateAsync("id IN (20, 120, 420)", new Dictionary<string, string> { ["title"] = "'renamed to something longer'" });
            Assert.Equal(3, await writer.DeleteAsync("id IN (30, 130, 430)"));
            gate.Set();
            await job.Completion.WaitAsync(HangGuard);
        }
        finally
        {
            gate.Set();
        }
        var values = await ByIdAsync(table, "title", "title_len");
        Assert.Equal(497, values.Count);
        Assert.DoesNotContain(30L, values.Keys);
        Assert.DoesNotContain(130L, values.Keys);
        Assert.DoesNotContain(430L, values.Keys);
        Assert.All(new long[] { 20, 120, 420 }, id => Assert.Equal("renamed to something longer", values[id][0]));

        // The next backfill recomputes what the updates made stale.
        await table.BackfillAsync("title_len", new BackfillOptions { Concurrency = 2 });
        foreach (var (id, row) in await ByIdAsync(table, "title", "title_len"))
            Assert.Equal(((string)row[0]!).Length, row[1]);
        Assert.Equal(0, (await table.BackfillAsync("title_len")).RowsComputed);
    }
}
