using Strata.Backfill;
using Strata.Udfs;
using static Strata.Tests.Udfs.UdfTestSupport;

namespace Strata.Tests.Udfs;

public sealed class BackfillConcurrencyTests
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task AppendsAndAnotherColumnsBackfill_DuringASlowBackfill_LoseNothing()
    {
        await using var t = await LakeAsync(200);
        var table = await t.Lake.CreateTableAsync("docs", Rows(0, 2000));
        var gate = new ManualResetEventSlim(false);
        var paused = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var slowCalls = 0L;
        var slow = Udf.Scalar("slow", (long id, string title) =>
        {
            var n = Interlocked.Increment(ref slowCalls);
            // Slow everywhere; and held (both workers) from the 600th call until the other writers are done.
            if (n % 10 == 0) Thread.Sleep(2);
            if (n >= 600 && !gate.IsSet)
            {
                paused.TrySetResult();
                gate.Wait(HangGuard);
            }
            return id * 10 + title.Length;
        });
        var fastCalls = 0L;
        var fast = Udf.Scalar("fast", (long id) =>
        {
            Interlocked.Increment(ref fastCalls);
            return id * 3;
        });
        await table.AddColumnsAsync(slow);
        await table.AddColumnsAsync(fast);
        var versionBefore = await table.GetLatestVersionAsync();

        BackfillJob? slowJob = null;
        try
        {
            slowJob = table.BackfillAsync("slow", new BackfillOptions { Concurrency = 2, CheckpointSize = 100, CommitGranularity = 2 });
            await paused.Task.WaitAsync(HangGuard);
            Assert.False(slowJob.Completion.IsCompleted);

            // While it runs: three appends and a backfill of the other column, at the same time, through other table objects.
            var appender = await t.Lake.OpenTableAsync("docs");
            var other = await t.Lake.OpenTableAsync("docs");
            var appends = Task.Run(async () =>
            {
                for (var i = 0; i < 3; i++) await appender.AddAsync(Rows(2000 + i * 100, 100));
            });
            var fastJob = other.BackfillAsync("fast", new BackfillOptions { Concurrency = 2, CommitGranularity = 3 });
            await appends.WaitAsync(HangGuard);
            var fastResult = await fastJob.Completion.WaitAsync(HangGuard);
            Assert.False(slowJob.Completion.IsCompleted);
            Assert.True(fastResult.RowsComputed >= 2000, $"{fastResult.RowsComputed} rows");
            Assert.Equal(0, fastResult.FragmentsLost);
            gate.Set();

            var slowResult = await slowJob.Completion.WaitAsync(HangGuard);
            Assert.Equal(2000, slowResult.RowsComputed);
            Assert.Equal(10, slowResult.FragmentsCommitted);
            Assert.Equal(0, slowResult.FragmentsLost);
            Assert.Equal(2000, slowResult.RowsCommitted);
        }
        finally
        {
            gate.Set();
            if (slowJob is not null) await Task.WhenAny(slowJob.Completion, Task.Delay(HangGuard));
        }

        // Every original row has both columns; the appended rows are there, "slow" null for exactly them.
        var values = await ByIdAsync(table, "slow", "fast");
        Assert.Equal(2300, values.Count);
        Assert.Equal(2300, table.RowCount);
        foreach (var (id, row) in values.Where(kv => kv.Key < 2000))
        {
            Assert.Equal(id * 10 + Title(id).Length, row[0]);
            Assert.Equal(id * 3, row[1]);
        }
        foreach (var (id, row) in values.Where(kv => kv.Key >= 2000))
        {
            Assert.Null(row[0]);
            Assert.True(row[1] is null || (long)row[1]! == id * 3);
        }

        // A later backfill fills exactly the appended rows.
        var callsBefore = Interlocked.Read(ref slowCalls);
        var later = await table.BackfillAsync("slow", new BackfillOptions { Concurrency = 2 });
        Assert.Equal(300, later.RowsComputed);
        Assert.Equal(300, Interlocked.Read(ref slowCalls) - callsBefore);
        var fastLater = await table.BackfillAsync("fast", new BackfillOptions { Concurrency = 2 });
        Assert.True(fastLater.RowsComputed <= 300);
        values = await ByIdAsync(table, "slow", "fast");
        foreach (var (id, row) in values)
        {
            Assert.Equal(id * 10 + Title(id).Length, row[0]);
            Assert.Equal(id * 3, row[1]);
        }

        // The versions form a line: consecutive numbers, each commit built on the one before (rows never go missing).
        var versions = await table.ListVersionsAsync();
        Assert.Equal(Enumerable.Range(1, versions.Count).Select(v => (long)v), versions.Select(v => v.Version));
        for (var i = 1; i < versions.Count; i++)
            Assert.True(versions[i].RowCount >= versions[i - 1].RowCount, $"version {versions[i].Version} has fewer rows than {versions[i - 1].Version}");
        var during = versions.Where(v => v.Version > versionBefore).ToList();
        Assert.Equal(3, during.Count(v => v.Operation == "append"));
        Assert.True(during.Count(v => v.Operation == "backfill") >= 5 + 1, string.Join(", ", during.Select(v => v.Operation)));
        foreach (var v in versions.Where(v => v.Operation == "backfill"))
        {
            var old = await table.CheckoutAsync(v.Version);
            Assert.Equal(v.RowCount, await old.CountRowsAsync("id IS NOT NULL"));
        }
    }

    [Fact]
    public async Task TwoColumnsBackfilledAtOnce_OnTheSameTableObject_BothLand()
    {
        await using var t = await LakeAsync(100);
        var table = await t.Lake.CreateTableAsync("docs", Rows(0, 800));
        await table.AddColumnsAsync(Udf.Scalar("a", (long id) => { Thread.Sleep(0); return id + 1; }));
        await table.AddColumnsAsync(Udf.Scalar("b", (string title) => title + "?"));
        var a = table.BackfillAsync("a", new BackfillOptions { Concurrency = 2, CommitGranularity = 1 });
        var b = table.BackfillAsync("b", new BackfillOptions { Concurrency = 2, CommitGranularity = 1 });
        var results = await Task.WhenAll(a.Completion, b.Completion).WaitAsync(HangGuard);
        Assert.All(results, r => Assert.Equal(800, r.RowsComputed));
        Assert.All(results, r => Assert.Equal(0, r.FragmentsLost));
        foreach (var (id, row) in await ByIdAsync(table, "a", "b"))
        {
            Assert.Equal(id + 1, row[0]);
            Assert.Equal(Title(id) + "?", row[1]);
        }
        var versions = await table.ListVersionsAsync();
        Assert.Equal(Enumerable.Range(1, versions.Count).Select(v => (long)v), versions.Select(v => v.Version));
        Assert.Equal(16, versions.Count(v => v.Operation == "backfill"));
    }
}
