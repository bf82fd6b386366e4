using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Strata.Backfill;
using Strata.Tests.TestSupport;
using Strata.Udfs;
using static Strata.Tests.Udfs.UdfTestSupport;

namespace Strata.Tests.Udfs;

public sealed class ErrorPolicyTests
{
    /// <summary>Timestamps of every attempt, by id; ids in <paramref name="failing"/> fail their first <paramref name="failures"/> attempts.</summary>
    private sealed class Flaky(IReadOnlySet<long> failing, int failures, Func<long, Exception>? make = null)
    {
        public ConcurrentDictionary<long, ConcurrentQueue<long>> Attempts { get; } = new();
        public long Calls;

        public double Run(long id, double value)
        {
            Interlocked.Increment(ref Calls);
            var attempts = Attempts.GetOrAdd(id, _ => new ConcurrentQueue<long>());
            attempts.Enqueue(Stopwatch.GetTimestamp());
            if (failing.Contains(id) && attempts.Count <= failures)
                throw make?.Invoke(id) ?? new InvalidOperationException($"flaky row {id}, attempt {attempts.Count}");
            return value * 2;
        }
    }

    private static async Task<(TempLake, Table)> TableAsync(int rows, int rowsPerFragment = 100)
    {
        var t = await LakeAsync(rowsPerFragment);
        var table = await t.Lake.CreateTableAsync("docs", Rows(0, rows));
        return (t, table);
    }

    private static double[] Gaps(Flaky flaky, long id) => GapsMs(flaky.Attempts[id].ToArray());

    [Fact]
    public async Task Retry_FixedBackoff_WaitsTheDelayBetweenAttempts_ThenSucceeds()
    {
        var (t, table) = await TableAsync(200);
        await using var _ = t;
        var flaky = new Flaky(new HashSet<long> { 3, 150 }, failures: 2);
        var policy = ErrorPolicy.Retry(3, BackoffKind.Fixed, TimeSpan.FromMilliseconds(50)) with { Jitter = false };
        await table.AddColumnsAsync(Udf.Scalar("twice", (long id, double value) => flaky.Run(id, value), new UdfOptions { ErrorPolicy = policy }));
        var result = await table.BackfillAsync("twice", new BackfillOptions { Concurrency = 2 });
        Assert.Equal(0, result.RowsFailed);
        foreach (var id in new long[] { 3, 150 })
        {
            var gaps = Gaps(flaky, id);
            Assert.Equal(2, gaps.Length);
            Assert.All(gaps, g => Assert.True(g >= 45, $"gap {g:0.0} ms < 45 ms"));
        }
        Assert.Single(flaky.Attempts[4]);
        foreach (var (id, v) in await ColumnAsync(table, "twice"))
            Assert.Equal(HasValue(id) ? id * 0.5 * 2 : null, v);
    }

    [Fact]
    public async Task Retry_FixedBackoff_WithDefaultJitter_StaysWithinAQuarterBelowTheDelay()
    {
        var (t, table) = await TableAsync(100);
        await using var _ = t;
        var flaky = new Flaky(new HashSet<long> { 10 }, failures: 3);
        var policy = ErrorPolicy.Retry(4, BackoffKind.Fixed, TimeSpan.FromMilliseconds(60));
        Assert.True(policy.Jitter);
        await table.AddColumnsAsync(Udf.Scalar("twice", (long id, double value) => flaky.Run(id, value), new UdfOptions { ErrorPolicy = policy }));
        await table.BackfillAsync("twice", new BackfillOptions { Concurrency = 1 });
        var gaps = Gaps(flaky, 10);
        Assert.Equal(3, gaps.Length);
        Assert.All(gaps, g => Assert.True(g >= 60 * 0.75 - 5, $"gap {g:0.0} ms"));
        Assert.Equal(10.0, (await ColumnAsync(table, "twice"))[10]);
    }

    [Fact]
    public async Task Retry_ExponentialAndLinearBackoff_Grow()
    {
        var (t, table) = await TableAsync(100);
        await using var _ = t;
        var exp = new Flaky(new HashSet<long> { 22 }, failures: 3);
        var lin = new Flaky(new HashSet<long> { 22 }, failures: 3);
        await table.AddColumnsAsync(Udf.Scalar("exp", (long id, double value) => exp.Run(id, value), new UdfOptions
        {
            ErrorPolicy = ErrorPolicy.Retry(4, BackoffKind.Exponential, TimeSpan.FromMilliseconds(30)) with { Jitter = false },
        }));
        await table.AddColumnsAsync(Udf.Scalar("lin", (long id, double value) => lin.Run(id, value), new UdfOptions
        {
            ErrorPolicy = ErrorPolicy.Retry(4, BackoffKind.Linear, TimeSpan.FromMilliseconds(30)) with { Jitter = false },
        }));
        await table.BackfillAsync("exp", new BackfillOptions { Concurrency = 1 });
        await table.BackfillAsync("lin", new BackfillOptions { Concurrency = 1 });

        // delay × 2^(attempt-1): 30, 60, 120 ms; delay × attempt: 30, 60, 90 ms (lower bounds with 10 % slack).
        var e = Gaps(exp, 22);
        Assert.Equal(3, e.Length);
        Assert.True(e[0] >= 27 && e[1] >= 54 && e[2] >= 108, $"exponential gaps {string.Join(", ", e.Select(g => g.ToString("0.0", CultureInfo.InvariantCulture)))}");
        var l = Gaps(lin, 22);
        Assert.Equal(3, l.Length);
        Assert.True(l[0] >= 27 && l[1] >= 54 && l[2] >= 81, $"linear gaps {string.Join(", ", l.Select(g => g.ToString("0.0", CultureInfo.InvariantCulture)))}");
        var values = await ByIdAsync(table, "exp", "lin");
        Assert.Equal(new object?[] { 22.0, 22.0 }, values[22]);
    }

    [Fact]
    public async Task Retry_OnlyTheConfiguredExceptionTypes_AreRetried()
    {
        var (t, table) = await TableAsync(200);
        await using var _ = t;
        // 7: InvalidOperationException (not retried); 8: TimeoutException once (retried); 9: FileNotFoundException, an IOException (retried).
        var flaky = new Flaky(new HashSet<long> { 7, 8, 9 }, failures: 1, id => id switch
        {
            7 => new InvalidOperationException("not retryable"),
            8 => new TimeoutException("retryable"),
            _ => new FileNotFoundException("retryable subclass"),
        });
        var policy = ErrorPolicy.Retry(3, BackoffKind.Fixed, TimeSpan.FromMilliseconds(5), ErrorMode.Skip, typeof(TimeoutException), typeof(IOException));
        Assert.False(policy.IsRetryable(new InvalidOperationException()));
        Assert.True(policy.IsRetryable(new FileNotFoundException()));
        await table.AddColumnsAsync(Udf.Scalar("twice", (long id, double value) => flaky.Run(id, value), new UdfOptions { ErrorPolicy = policy }));
        var job = table.BackfillAsync("twice", new BackfillOptions { Concurrency = 2 });
        var result = await job;
        Assert.Single(flaky.Attempts[7]);
        Assert.Equal(2, flaky.Attempts[8].Count);
        Assert.Equal(2, flaky.Attempts[9].Count);
        Assert.Equal(1, result.RowsFailed);
        var values = await ColumnAsync(table, "twice");
        Assert.Null(values[7]);
        Assert.Equal(8.0, values[8]);
        Assert.Equal(9.0, values[9]);
        var error = Assert.Single(await t.Lake.GetErrorsAsync(job.JobId, "twice"));
        Assert.Equal(1, error.Attempt);
        Assert.Equal(typeof(InvalidOperationException).FullName, error.ExceptionType);
        Assert.Equal("not retryable", error.Message);
        Assert.Equal((await RowIdsAsync(table))[7], error.RowId);
    }

    [Fact]
    public async Task Retry_NotRetryableException_UnderFailFast_FailsAtOnce()
    {
        var (t, table) = await TableAsync(200);
        await using var _ = t;
        var flaky = new Flaky(new HashSet<long> { 7 }, failures: 100);
        var policy = ErrorPolicy.Retry(5, BackoffKind.Fixed, TimeSpan.FromMilliseconds(5), ErrorMode.FailFast, typeof(TimeoutException));
        await table.AddColumnsAsync(Udf.Scalar("twice", (long id, double value) => flaky.Run(id, value), new UdfOptions { ErrorPolicy = policy }));
        var e = await Assert.ThrowsAsync<UdfFailedException>(async () => await table.BackfillAsync("twice", new BackfillOptions { Concurrency = 1 }));
        Assert.Equal(1, e.Attempts);
        Assert.Single(flaky.Attempts[7]);
        Assert.IsType<InvalidOperationException>(e.InnerException);
    }

    [Fact]
    public async Task Retry_ExhaustedUnderFailFast_FailsWithTheLastException_AfterEveryAttempt()
    {
        var (t, table) = await TableAsync(200);
        await using var _ = t;
        var flaky = new Flaky(new HashSet<long> { 7 }, failures: 100);
        var policy = ErrorPolicy.Retry(3, BackoffKind.Fixed, TimeSpan.FromMilliseconds(5));
        await table.AddColumnsAsync(Udf.Scalar("twice", (long id, double value) => flaky.Run(id, value), new UdfOptions { ErrorPolicy = policy }));
        var e = await Assert.ThrowsAsync<UdfFailedException>(async () => await table.BackfillAsync("twice", new BackfillOptions { Concurrency = 1 }));
        Assert.Equal(3, e.Attempts);
        Assert.Equal(3, flaky.Attempts[7].Count);
        Assert.Equal("flaky row 7, attempt 3", e.InnerException!.Message);
    }

    [Fact]
    public async Task Skip_LeavesFailedRowsNull_AndRecordsOneErrorPerRow()
    {
        var (t, table) = await TableAsync(300);
        await using var _ = t;
        var bad = Enumerable.Range(0, 300).Where(i => i % 50 == 3 && HasValue(i)).Select(i => (long)i).ToHashSet();
        Assert.True(bad.Count >= 5);
        var flaky = new Flaky(bad, failures: int.MaxValue, id => new InvalidOperationException($"bad row {id}"));
        await table.AddColumnsAsync(Udf.Scalar("twice", (long id, double value) => flaky.Run(id, value), new UdfOptions { ErrorPolicy = ErrorPolicy.Skip }));
        var job = table.BackfillAsync("twice", new BackfillOptions { Concurrency = 2 });
        var result = await job;
        Assert.Equal(bad.Count, result.RowsFailed);
        Assert.All(bad, id => Assert.Single(flaky.Attempts[id]));

        var values = await ColumnAsync(table, "twice");
        foreach (var (id, v) in values)
            Assert.Equal(HasValue(id) && !bad.Contains(id) ? id * 0.5 * 2 : null, v);

        var rowIds = await RowIdsAsync(table);
        var errors = await t.Lake.GetErrorsAsync(job.JobId, "twice");
        Assert.Equal(bad.Count, errors.Count);
        Assert.Equal(bad.Select(id => rowIds[id]).Order(), errors.Select(e => e.RowId!.Value).Order());
        var idByRowId = rowIds.ToDictionary(kv => kv.Value, kv => kv.Key);
        foreach (var e in errors)
        {
            Assert.Equal(job.JobId, e.JobId);
            Assert.Equal("twice", e.Column);
            Assert.Equal(1, e.Attempt);
            Assert.Equal("System.InvalidOperationException", e.ExceptionType);
            Assert.Equal($"bad row {idByRowId[e.RowId!.Value]}", e.Message);
            Assert.False(string.IsNullOrEmpty(e.StackTrace));
        }
        Assert.Equal(bad.Count, (await t.Lake.GetErrorsAsync(job.JobId, "TWICE")).Count);
        Assert.Equal(bad.Count, (await t.Lake.GetErrorsAsync(job.JobId)).Count);
        Assert.Empty(await t.Lake.GetErrorsAsync(job.JobId, "other"));

        var viaSql = await t.Lake.SqlAsync(
            $"SELECT row_id, attempt, exception_type, message, column_name FROM __system.errors WHERE job_id = '{job.JobId}' ORDER BY row_id");
        Assert.Equal(bad.Count, viaSql.RowCount);
        for (var r = 0; r < viaSql.RowCount; r++)
        {
            Assert.Equal("twice", viaSql[r, "column_name"]);
            Assert.Equal("System.InvalidOperationException", viaSql[r, "exception_type"]);
            Assert.Equal(1, Convert.ToInt32(viaSql[r, "attempt"], CultureInfo.InvariantCulture));
        }

        var record = await t.Lake.GetJobAsync(job.JobId);
        Assert.Equal(JobStatus.Done, record.Status);
        Assert.Equal(bad.Count, record.RowsFailed);
    }

    [Fact]
    public async Task Skip_AfterRetries_RecordsTheLastAttempt()
    {
        var (t, table) = await TableAsync(100);
        await using var _ = t;
        var flaky = new Flaky(new HashSet<long> { 11, 12 }, failures: int.MaxValue);
        var policy = ErrorPolicy.Retry(3, BackoffKind.Fixed, TimeSpan.FromMilliseconds(5), ErrorMode.Skip);
        await table.AddColumnsAsync(Udf.Scalar("twice", (long id, double value) => flaky.Run(id, value), new UdfOptions { ErrorPolicy = policy }));
        var job = table.BackfillAsync("twice", new BackfillOptions { Concurrency = 1 });
        var result = await job;
        Assert.Equal(2, result.RowsFailed);
        var errors = await t.Lake.GetErrorsAsync(job.JobId, "twice");
        Assert.Equal(2, errors.Count);
        Assert.All(errors, e => Assert.Equal(3, e.Attempt));
        Assert.All(errors, e => Assert.EndsWith("attempt 3", e.Message));
        Assert.Equal(3, flaky.Attempts[11].Count);
    }

    [Fact]
    public async Task RetryFailedRowsOf_RerunsJustTheFailedRows_AndFillsThemOnceTheUdfWorks()
    {
        var (t, table) = await TableAsync(500);
        await using var _ = t;
        var bad = new HashSet<long> { 4, 122, 123, 371 };
        var broken = true;
        var calls = new ConcurrentDictionary<long, int>();
        await table.AddColumnsAsync(Udf.Scalar("twice", (long id, double value) =>
        {
            calls.AddOrUpdate(id, 1, (_, n) => n + 1);
            if (Volatile.Read(ref broken) && bad.Contains(id)) throw new InvalidOperationException($"bad row {id}");
            return value * 2;
        }, new UdfOptions { ErrorPolicy = ErrorPolicy.Skip }));
        var first = table.BackfillAsync("twice", new BackfillOptions { Concurrency = 2 });
        Assert.Equal(bad.Count, (await first).RowsFailed);
        var callsAfterFirst = calls.Values.Sum();

        // Still broken: the same rows are computed again (and fail again, recorded under the new job).
        var plan = await table.PlanBackfillAsync("twice", new BackfillOptions { RetryFailedRowsOf = first.JobId });
        Assert.Equal(bad.Count, plan.RowsToCompute);
        Assert.Equal(3, plan.Fragments); // rows 4, 122-123, 371
        var second = table.BackfillAsync("twice", new BackfillOptions { RetryFailedRowsOf = first.JobId, Concurrency = 2 });
        var secondResult = await second;
        Assert.Equal(bad.Count, secondResult.RowsComputed);
        Assert.Equal(bad.Count, secondResult.RowsFailed);
        Assert.Equal(callsAfterFirst + bad.Count, calls.Values.Sum());
        Assert.Equal(bad.Count, (await t.Lake.GetErrorsAsync(second.JobId, "twice")).Count);

        // Fixed: retrying the second job's failures fills exactly those rows.
        Volatile.Write(ref broken, false);
        var third = await table.BackfillAsync("twice", new BackfillOptions { RetryFailedRowsOf = second.JobId, Concurrency = 2 });
        Assert.Equal(bad.Count, third.RowsComputed);
        Assert.Equal(0, third.RowsFailed);
        Assert.Equal(callsAfterFirst + 2 * bad.Count, calls.Values.Sum());
        Assert.All(calls, kv => Assert.Equal(bad.Contains(kv.Key) ? 3 : 1, kv.Value));
        foreach (var (id, v) in await ColumnAsync(table, "twice"))
            Assert.Equal(HasValue(id) ? id * 0.5 * 2 : null, v);

        // A job without failures has nothing to retry.
        var none = await table.BackfillAsync("twice", new BackfillOptions { RetryFailedRowsOf = third.JobId });
        Assert.Equal(0, none.RowsComputed);
    }

    [Fact]
    public async Task FailFast_FailsTheJob_KeepsCommittedFragments_AndRecordsTheError()
    {
        var (t, table) = await TableAsync(1000, rowsPerFragment: 100);
        await using var _ = t;
        InvalidOperationException? thrown = null;
        var broken = true;
        var calls = 0L;
        await table.AddColumnsAsync(Udf.Scalar("twice", (long id) =>
        {
            Interlocked.Increment(ref calls);
            if (id == 850 && Volatile.Read(ref broken))
            {
                thrown = new InvalidOperationException("boom at 850");
                throw thrown;
            }
            return id * 2.0;
        }));
        var versionBefore = await table.GetLatestVersionAsync();
        var job = table.BackfillAsync("twice", new BackfillOptions { Concurrency = 1, CommitGranularity = 1 });
        var e = await Assert.ThrowsAsync<UdfFailedException>(async () => await job);
        Assert.Same(thrown, e.InnerException);
        Assert.Equal("twice", e.Udf);
        Assert.Equal((await RowIdsAsync(table))[850], e.RowId);
        Assert.Equal(1, e.Attempts);
        Assert.Contains("boom at 850", e.Message);
        await Assert.ThrowsAsync<UdfFailedException>(() => job.Completion);

        // The eight fragments before the failing one stay committed, one version each.
        var values = await ColumnAsync(table, "twice");
        foreach (var (id, v) in values)
            Assert.Equal(id < 800 ? id * 2.0 : null, v);
        Assert.Equal(versionBefore + 8, await table.GetLatestVersionAsync());

        var record = await t.Lake.GetJobAsync(job.JobId);
        Assert.Equal(JobStatus.Failed, record.Status);
        Assert.Contains("boom at 850", record.Error);
        Assert.Contains(nameof(UdfFailedException), record.Error);
        Assert.Equal(8, record.FragmentsCommitted);
        Assert.Equal(800, record.RowsCommitted);
        Assert.NotNull(record.CompletedAt);
        Assert.Equal(new[] { "Pending", "Running", "Failed" }, await StatusHistoryAsync(t.Lake, job.JobId));

        // Run again once the UDF works: only the two uncommitted fragments are computed.
        Volatile.Write(ref broken, false);
        var callsBefore = Interlocked.Read(ref calls);
        var rest = await table.BackfillAsync("twice", new BackfillOptions { Concurrency = 1 });
        Assert.Equal(200, rest.RowsComputed);
        Assert.Equal(2, rest.FragmentsCommitted);
        Assert.Equal(200, Interlocked.Read(ref calls) - callsBefore);
        Assert.Equal(0, await table.CountRowsAsync("twice IS NULL"));
    }

    [Fact]
    public async Task RowTimeout_TurnsASlowRowIntoATimeout_HandledByThePolicy()
    {
        var (t, table) = await TableAsync(120);
        await using var _ = t;
        var slowOnce = new ConcurrentDictionary<string, int>();
        Func<string, long, double> slow = (column, id) =>
        {
            if (id == 42 && slowOnce.AddOrUpdate(column, 1, (_, n) => n + 1) == 1) Thread.Sleep(1200);
            return id * 2.0;
        };
        var timeout = TimeSpan.FromMilliseconds(300);
        // Skip: the slow row is null, recorded as a timeout.
        await table.AddColumnsAsync(Udf.Scalar("skipped", (long id) => slow("skipped", id),
            new UdfOptions { RowTimeout = timeout, ErrorPolicy = ErrorPolicy.Skip }));
        // Retry on timeouts: the second attempt of row 42 is fast.
        await table.AddColumnsAsync(Udf.Scalar("retried", (long id) => slow("retried", id), new UdfOptions
        {
            RowTimeout = timeout,
            ErrorPolicy = ErrorPolicy.Retry(6, BackoffKind.Fixed, TimeSpan.FromMilliseconds(100), ErrorMode.Skip, typeof(TimeoutException)),
        }));
        // Fail fast: the job fails with the timeout inside.
        await table.AddColumnsAsync(Udf.Scalar("failing", (long id) => slow("failing", id), new UdfOptions { RowTimeout = timeout }));

        var skipJob = table.BackfillAsync("skipped", new BackfillOptions { Concurrency = 1 });
        var skipped = await skipJob;
        Assert.True(skipped.RowsFailed >= 1);
        var errors = await t.Lake.GetErrorsAsync(skipJob.JobId, "skipped");
        Assert.Equal(skipped.RowsFailed, errors.Count);
        Assert.Contains((await RowIdsAsync(table))[42], errors.Select(e => e.RowId));
        Assert.All(errors, e => Assert.Equal(typeof(TimeoutException).FullName, e.ExceptionType));
        Assert.All(errors, e => Assert.Contains("300 ms", e.Message));

        var retried = await table.BackfillAsync("retried", new BackfillOptions { Concurrency = 1 });
        Assert.Equal(0, retried.RowsFailed);
        Assert.Equal(2, slowOnce["retried"]);

        var failure = await Assert.ThrowsAsync<UdfFailedException>(async () => await table.BackfillAsync("failing", new BackfillOptions { Concurrency = 1 }));
        Assert.IsType<TimeoutException>(failure.InnerException);

        var values = await ByIdAsync(table, "skipped", "retried");
        Assert.Null(values[42][0]);
        Assert.All(values, kv => Assert.Equal(kv.Key * 2.0, kv.Value[1]));
    }

    [Fact]
    public async Task RowTimeout_FailsOnlyTheSlowRows()
    {
        var (t, table) = await TableAsync(300);
        await using var _ = t;
        var slowRows = new HashSet<long> { 42, 43, 143, 144 };
        await table.AddColumnsAsync(Udf.Scalar("skipped", (long id) =>
        {
            if (slowRows.Contains(id)) Thread.Sleep(600);
            return id;
        }, new UdfOptions { RowTimeout = TimeSpan.FromMilliseconds(150), ErrorPolicy = ErrorPolicy.Skip }));
        var job = table.BackfillAsync("skipped", new BackfillOptions { Concurrency = 2 });
        var result = await job;
        var rowIds = await RowIdsAsync(table);
        var failed = (await t.Lake.GetErrorsAsync(job.JobId, "skipped")).Select(e => e.RowId!.Value).Order().ToList();
        Assert.Equal(slowRows.Select(id => rowIds[id]).Order(), failed);
        Assert.Equal(slowRows.Count, result.RowsFailed);
    }
}
