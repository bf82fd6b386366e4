using System.Collections.Concurrent;
using Strata.Backfill;
using Strata.Data;
using Strata.Udfs;
using static Strata.Tests.Udfs.UdfTestSupport;

namespace Strata.Tests.Udfs;

public sealed class BackfillVersioningTests
{
    [Fact]
    public async Task ChangedUdf_RecomputesEveryRow_UnchangedRecomputesNothing()
    {
        await using var t = await LakeAsync(100);
        var table = await t.Lake.CreateTableAsync("docs", Rows(0, 300));
        long calls2 = 0, calls3 = 0, calls4 = 0;
        var times2 = Udf.Scalar("scaled", (long id) => { Interlocked.Increment(ref calls2); return id * 2.0; });
        var times3 = Udf.Scalar("scaled", (long id) => { Interlocked.Increment(ref calls3); return id * 3.0; });
        Assert.NotEqual(times2.Version, times3.Version);
        await table.AddColumnsAsync(times2);
        Assert.Equal(300, (await table.BackfillAsync("scaled", new BackfillOptions { Concurrency = 2 })).RowsComputed);
        Assert.Equal(300, Interlocked.Read(ref calls2));

        // Unchanged: nothing to do.
        var again = await table.BackfillAsync("scaled", new BackfillOptions { Concurrency = 2 });
        Assert.Equal(0, again.RowsComputed);
        Assert.Equal(0, again.FragmentsCommitted);
        Assert.Equal(300, Interlocked.Read(ref calls2));

        // Altered with the same UDF: still nothing to do.
        await table.AlterColumnAsync("scaled", times2);
        Assert.Equal(0, (await table.BackfillAsync("scaled")).RowsComputed);
        Assert.Equal(300, Interlocked.Read(ref calls2));

        // Another function under the same name: every row again.
        await table.AlterColumnAsync("scaled", times3);
        var plan = await table.PlanBackfillAsync("scaled");
        Assert.Equal(times3.Version, plan.UdfVersion);
        Assert.Equal(300, plan.RowsToCompute);
        Assert.Equal(0, plan.FragmentsSkipped);
        var recomputed = await table.BackfillAsync("scaled", new BackfillOptions { Concurrency = 2 });
        Assert.Equal(300, recomputed.RowsComputed);
        Assert.Equal(3, recomputed.FragmentsCommitted);
        Assert.Equal(300, Interlocked.Read(ref calls3));
        Assert.Equal(300, Interlocked.Read(ref calls2));
        foreach (var (id, v) in await ColumnAsync(table, "scaled"))
            Assert.Equal(id * 3.0, v);
        Assert.Equal(0, (await table.BackfillAsync("scaled")).RowsComputed);

        // Another UDF by another name: every row again, found under its own name.
        var times4 = Udf.Scalar("scaled_by_four", (long id) => { Interlocked.Increment(ref calls4); return id * 4.0; });
        await table.AlterColumnAsync("scaled", times4);
        var fourth = await table.BackfillAsync("scaled", new BackfillOptions { Concurrency = 2 });
        Assert.Equal(300, fourth.RowsComputed);
        Assert.Equal(300, Interlocked.Read(ref calls4));
        foreach (var (id, v) in await ColumnAsync(table, "scaled"))
            Assert.Equal(id * 4.0, v);
        Assert.Equal(0, (await table.BackfillAsync("scaled")).RowsComputed);
    }

    [Fact]
    public async Task DeclaredVersion_DecidesWhetherRowsAreRecomputed()
    {
        await using var t = await LakeAsync(100);
        var table = await t.Lake.CreateTableAsync("docs", Rows(0, 300));
        var factor = 2.0;
        var calls = 0L;
        Udf Make(string version) => Udf.Scalar("scaled", (long id) => { Interlocked.Increment(ref calls); return id * factor; },
            new UdfOptions { Version = version });
        Assert.Equal("v1", Make("v1").Version);
        await table.AddColumnsAsync(Make("v1"));
        await table.BackfillAsync("scaled", new BackfillOptions { Concurrency = 2 });
        Assert.Equal(300, Interlocked.Read(ref calls));

        // Captured state changed, version kept: the UDF is considered the same.
        factor = 5;
        await table.AlterColumnAsync("scaled", Make("v1"));
        Assert.Equal(0, (await table.BackfillAsync("scaled")).RowsComputed);
        Assert.Equal(300, Interlocked.Read(ref calls));

        // New version: everything again, with the new behaviour.
        await table.AlterColumnAsync("scaled", Make("v2"));
        Assert.Equal(300, (await table.BackfillAsync("scaled", new BackfillOptions { Concurrency = 2 })).RowsComputed);
        Assert.Equal(2 * 300, Interlocked.Read(ref calls));
        foreach (var (id, v) in await ColumnAsync(table, "scaled"))
            Assert.Equal(id * 5.0, v);
    }

    [Fact]
    public async Task AlterColumn_RejectsAnotherType_AndNonUdfColumns()
    {
        await using var t = await LakeAsync(100);
        var table = await t.Lake.CreateTableAsync("docs", Rows(0, 100));
        await table.AddColumnsAsync(Udf.Scalar("scaled", (double value) => value * 2));
        await Assert.ThrowsAsync<StrataInvalidInputException>(() => table.AlterColumnAsync("scaled", Udf.Scalar("f", (double value) => (float)value)));
        await Assert.ThrowsAsync<StrataInvalidInputException>(() =>
            table.AlterColumnAsync("scaled", Udf.Scalar("pair", (double value) => (value, value), new UdfOptions { Outputs = ["p", "q"] })));
        await Assert.ThrowsAnyAsync<StrataException>(() => table.AlterColumnAsync("nope", Udf.Scalar("g", (double value) => value)));
        await Assert.ThrowsAsync<StrataInvalidInputException>(async () => await table.BackfillAsync("value"));
        await Assert.ThrowsAsync<StrataInvalidInputException>(() => table.PlanBackfillAsync("title"));
    }

    [Fact]
    public async Task ChangedInputData_RecomputesThoseFragments()
    {
        await using var t = await LakeAsync(100);
        var table = await t.Lake.CreateTableAsync("docs", Rows(0, 300));
        await table.AddColumnsAsync(Udf.Scalar("title_len", (string title) => title.Length));
        await table.BackfillAsync("title_len", new BackfillOptions { Concurrency = 2 });
        await table.UpdateAsync("id = 150", new Dictionary<string, string> { ["title"] = "'a much longer title than before'" });
        var result = await table.BackfillAsync("title_len", new BackfillOptions { Concurrency = 2 });
        Assert.True(result.RowsComputed >= 1, $"{result.RowsComputed} rows computed");
        Assert.True(result.RowsComputed <= 100 + 1, $"{result.RowsComputed} rows computed");
        var values = await ColumnAsync(table, "title_len");
        Assert.Equal("a much longer title than before".Length, values[150]);
        foreach (var (id, v) in values.Where(kv => kv.Key != 150)) Assert.Equal(Title(id).Length, v);
    }

    [Fact]
    public async Task Plan_CoversTheFragmentsThatNeedWork_AndNoneThatAreUpToDate()
    {
        await using var t = await LakeAsync(100);
        var table = await t.Lake.CreateTableAsync("docs", Rows(0, 500));
        var calls = 0L;
        var udf = Udf.Scalar("twice", (long id) => { Interlocked.Increment(ref calls); return id * 2; });
        await table.AddColumnsAsync(udf);
        var options = new BackfillOptions { CheckpointSize = 30, TaskRows = 60 };

        var plan = await table.PlanBackfillAsync("twice", options);
        Assert.Equal(table.Name, plan.Table);
        Assert.Equal(new[] { "twice" }, plan.Columns);
        Assert.Equal("twice", plan.Udf);
        Assert.Equal(udf.Version, plan.UdfVersion);
        Assert.Equal(await table.GetLatestVersionAsync(), plan.ReadVersion);
        Assert.Equal(500, plan.RowsToCompute);
        Assert.Equal(0, plan.FragmentsSkipped);
        Assert.Equal(5, plan.Fragments);
        var original = plan.Tasks.Select(x => x.FragmentId).ToHashSet();
        AssertCoverage(plan, 100);
        Assert.All(plan.Tasks, task =>
        {
            Assert.Equal(plan.JobId, task.JobId);
            Assert.Equal(30, task.CheckpointSize);
            Assert.Equal(udf.Version, task.UdfVersion);
            Assert.Equal(new[] { "id" }, task.Inputs);
            Assert.True(task.Rows <= 60);
        });
        // Planning runs nothing and writes nothing.
        Assert.Equal(0, Interlocked.Read(ref calls));
        Assert.Equal(plan.ReadVersion, await table.GetLatestVersionAsync());
        Assert.Empty(await t.Lake.ListJobsAsync());

        // A where clause narrows the fragments.
        var narrowed = await table.PlanBackfillAsync("twice", options with { Where = "id < 150" });
        Assert.Equal(150, narrowed.RowsToCompute);
        Assert.Equal(2, narrowed.Fragments);
        Assert.Equal(3, narrowed.FragmentsSkipped);

        await table.BackfillAsync("twice", options with { Concurrency = 2 });
        var upToDate = await table.PlanBackfillAsync("twice", options);
        Assert.Empty(upToDate.Tasks);
        Assert.Equal(0, upToDate.RowsToCompute);
        Assert.Equal(5, upToDate.FragmentsSkipped);

        // Appended rows: only the new fragments.
        await table.AddAsync(Rows(500, 200));
        var appended = await table.PlanBackfillAsync("twice", options);
        Assert.Equal(200, appended.RowsToCompute);
        Assert.Equal(2, appended.Fragments);
        Assert.Equal(5, appended.FragmentsSkipped);
        Assert.DoesNotContain(appended.Tasks, x => original.Contains(x.FragmentId));
        AssertCoverage(appended, 100);

        // Backfilling fills exactly the appended rows; then nothing is left.
        var result = await table.BackfillAsync("twice", options with { Concurrency = 2 });
        Assert.Equal(200, result.RowsComputed);
        Assert.Empty((await table.PlanBackfillAsync("twice", options)).Tasks);
    }

    [Fact]
    public async Task NullOutputs_OfNullInputs_AreNotRecomputedByCalls_OnARerun()
    {
        await using var t = await LakeAsync(100);
        var table = await t.Lake.CreateTableAsync("docs", Rows(0, 300));
        var calls = 0L;
        await table.AddColumnsAsync(Udf.Scalar("twice", (double value) => { Interlocked.Increment(ref calls); return value * 2; }));
        await table.BackfillAsync("twice", new BackfillOptions { Concurrency = 2 });
        var before = await ColumnAsync(table, "twice");
        var nonNull = Enumerable.Range(0, 300).Count(i => HasValue(i));
        Assert.Equal(nonNull, Interlocked.Read(ref calls));
        var again = await table.BackfillAsync("twice", new BackfillOptions { Concurrency = 2 });
        Assert.Equal(0, again.Calls);
        Assert.Equal(nonNull, Interlocked.Read(ref calls));
        Assert.Equal(before.OrderBy(kv => kv.Key), (await ColumnAsync(table, "twice")).OrderBy(kv => kv.Key));
    }

    [Fact]
    public async Task UnchangedUdf_WithNullOutputs_RecomputesAndCommitsNothing()
    {
        await using var t = await LakeAsync(100);
        var table = await t.Lake.CreateTableAsync("docs", Rows(0, 300));
        await table.AddColumnsAsync(Udf.Scalar("twice", (double value) => value * 2));
        await table.BackfillAsync("twice", new BackfillOptions { Concurrency = 2 });
        var version = await table.GetLatestVersionAsync();
        var again = await table.BackfillAsync("twice", new BackfillOptions { Concurrency = 2 });
        Assert.Equal(0, again.RowsComputed);
        Assert.Equal(0, again.FragmentsCommitted);
        Assert.Equal(version, await table.GetLatestVersionAsync());
        Assert.Empty((await table.PlanBackfillAsync("twice")).Tasks);
    }

    [Fact]
    public async Task Where_ComputesOnlyTheMatchingRows_AndTheNextBackfillTheRest()
    {
        await using var t = await LakeAsync(100);
        var table = await t.Lake.CreateTableAsync("docs", Rows(0, 300));
        var calls = 0L;
        await table.AddColumnsAsync(Udf.Scalar("id3", (long id) => { Interlocked.Increment(ref calls); return id * 3; }));
        var some = await table.BackfillAsync("id3", new BackfillOptions { Where = "id % 4 = 0 OR id >= 250", Concurrency = 2 });
        Assert.Equal(63 + 50, some.RowsComputed); // multiples of 4 below 250, and 250..299
        Assert.Equal(some.RowsComputed, Interlocked.Read(ref calls));
        foreach (var (id, v) in await ColumnAsync(table, "id3"))
            Assert.Equal(id % 4 == 0 || id >= 250 ? id * 3 : null, v);

        var rest = await table.BackfillAsync("id3", new BackfillOptions { Concurrency = 2 });
        Assert.Equal(300 - some.RowsComputed, rest.RowsComputed);
        Assert.Equal(300, Interlocked.Read(ref calls));
        foreach (var (id, v) in await ColumnAsync(table, "id3")) Assert.Equal(id * 3, v);

        // An explicit where recomputes matching rows even when they are up to date.
        var forced = await table.BackfillAsync("id3", new BackfillOptions { Where = "id < 10" });
        Assert.Equal(10, forced.RowsComputed);
        Assert.Equal(310, Interlocked.Read(ref calls));
        await Assert.ThrowsAnyAsync<StrataException>(async () => await table.BackfillAsync("id3", new BackfillOptions { Where = "id; DROP TABLE docs" }));
    }

    [Fact]
    public async Task LargeFragments_WithDeletedRows_AndAWhereClause_AreStreamedUnitByUnit_IntoExactSlices()
    {
        // One fragment of 40,000 rows: a task's rows arrive in many engine chunks and several UDF units
        // (BackfillTaskRunner.RowUnit), and slices of 3,001 rows end inside chunks and units alike.
        await using var t = await LakeAsync(40_000);
        var table = await t.Lake.CreateTableAsync("docs", Rows(0, 40_000));
        Assert.Equal(8192, Strata.Backfill.BackfillTaskRunner.RowUnit);
        await table.DeleteAsync("id % 97 = 5 OR (id >= 8000 AND id < 8400)");
        var rowCalls = 0L;
        await table.AddColumnsAsync(Udf.Scalar("id3", (long id) => { Interlocked.Increment(ref rowCalls); return id * 3; },
            new UdfOptions { CheckpointSize = 3001 }));
        var sizes = new ConcurrentBag<int>();
        var batchCalls = 0L;
        await table.AddColumnsAsync(Udf.Batch("tripled", b => UdfKindsTests.Tripled(b, ref batchCalls, sizes), DataType.Float64, ["value"],
            new UdfOptions { BatchSize = 2500, CheckpointSize = 3001 }));
        static bool Deleted(long id) => id % 97 == 5 || id is >= 8000 and < 8400;
        static bool Matches(long id) => id % 3 != 0 || id >= 30_000;
        var live = Enumerable.Range(0, 40_000).Count(i => !Deleted(i));
        var matching = Enumerable.Range(0, 40_000).Count(i => !Deleted(i) && Matches(i));

        var options = new BackfillOptions { Where = "id % 3 <> 0 OR id >= 30000", Concurrency = 2, TaskRows = 17_000 };
        var some = await table.BackfillAsync("id3", options);
        Assert.Equal(matching, some.RowsComputed);
        Assert.Equal(matching, Interlocked.Read(ref rowCalls));
        var values = await ColumnAsync(table, "id3");
        Assert.Equal(live, values.Count);
        foreach (var (id, v) in values) Assert.Equal(Matches(id) ? id * 3 : null, v);

        var rest = await table.BackfillAsync("id3", new BackfillOptions { Concurrency = 2 });
        Assert.Equal(live - matching, rest.RowsComputed);
        foreach (var (id, v) in await ColumnAsync(table, "id3")) Assert.Equal(id * 3, v);

        var batched = await table.BackfillAsync("tripled", options);
        Assert.Equal(matching, batched.RowsComputed);
        Assert.Equal(matching, sizes.Sum());
        Assert.All(sizes, size => Assert.InRange(size, 1, 2500));
        foreach (var (id, v) in await ColumnAsync(table, "tripled"))
            Assert.Equal(Matches(id) && HasValue(id) ? id * 0.5 * 3 : null, v);
    }

    private static void AssertCoverage(BackfillPlan plan, long fragmentRows)
    {
        foreach (var group in plan.Tasks.GroupBy(x => x.FragmentId))
        {
            var ranges = group.OrderBy(x => x.RowStart).ToList();
            Assert.Equal(0, ranges[0].RowStart);
            for (var i = 1; i < ranges.Count; i++) Assert.Equal(ranges[i - 1].RowEnd, ranges[i].RowStart);
            Assert.Equal(fragmentRows, ranges[^1].RowEnd);
        }
    }
}
