using System.Collections.Concurrent;
using System.Text.Json;
using Strata.Backfill;
using Strata.Udfs;
using static Strata.Tests.Udfs.UdfTestSupport;

namespace Strata.Tests.Udfs;

public sealed class BackfillJobTests
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(60);

    private sealed class Collect<T> : IProgress<T>
    {
        public ConcurrentQueue<T> Items { get; } = new();
        public void Report(T value) => Items.Enqueue(value);
    }

    [Fact]
    public async Task JobRecord_GoesPendingRunningDone_WithMetrics_EventsAndProgress()
    {
        await using var t = await LakeAsync(100);
        var table = await t.Lake.CreateTableAsync("docs", Rows(0, 500));
        await table.AddColumnsAsync(Udf.Scalar("title_len", (string title) => title.Length));
        var progress = new Collect<BackfillProgress>();
        var changed = new ConcurrentQueue<BackfillProgress>();
        var job = table.BackfillAsync("title_len", new BackfillOptions { Concurrency = 2, CheckpointSize = 50, CommitGranularity = 2, Progress = progress });
        job.ProgressChanged += (_, p) => changed.Enqueue(p);
        Assert.Matches("^job-[0-9]{8}-[0-9]{6}-[0-9a-f]{6}$", job.JobId);
        var result = await job;
        Assert.Equal(job.JobId, result.JobId);
        Assert.Equal(500, result.RowsComputed);
        Assert.Equal(0, result.RowsFromCheckpoints);
        Assert.Equal(500, result.RowsCommitted);
        Assert.Equal(5, result.FragmentsCommitted);
        Assert.Equal(0, result.FragmentsLost);
        Assert.Equal(500, result.Calls);
        Assert.Equal(await table.GetLatestVersionAsync(), result.Version);

        var record = await t.Lake.GetJobAsync(job.JobId);
        Assert.Equal(JobStatus.Done, record.Status);
        Assert.True(record.IsFinished);
        Assert.Equal("backfill", record.Kind);
        Assert.Equal(table.Name, record.Table);
        Assert.Equal(table.Id, record.TableId);
        Assert.Equal("title_len", record.Column);
        Assert.Equal("tests", record.LaunchedBy);
        Assert.Null(record.Error);
        Assert.Equal(500, record.RowsPlanned);
        Assert.Equal(500, record.RowsCheckpointed);
        Assert.Equal(500, record.RowsCommitted);
        Assert.Equal(0, record.RowsFailed);
        Assert.Equal(5, record.FragmentsPlanned);
        Assert.Equal(5, record.FragmentsCommitted);
        Assert.NotNull(record.StartedAt);
        Assert.NotNull(record.CompletedAt);
        Assert.True(record.CompletedAt >= record.StartedAt);
        Assert.True(record.StartedAt >= record.CreatedAt);
        using (var config = JsonDocument.Parse(record.Config))
        {
            Assert.Equal("2", config.RootElement.GetProperty("concurrency").GetString());
            Assert.Equal("50", config.RootElement.GetProperty("checkpoint_size").GetString());
        }
        Assert.Equal(new[] { "Pending", "Running", "Done" }, await StatusHistoryAsync(t.Lake, job.JobId));

        var listed = await t.Lake.ListJobsAsync(table.Name);
        Assert.Equal(job.JobId, Assert.Single(listed).JobId);
        Assert.Single(await t.Lake.ListJobsAsync(status: JobStatus.Done));
        Assert.Empty(await t.Lake.ListJobsAsync(status: JobStatus.Running));

        var events = (await t.Lake.GetJobEventsAsync(job.JobId)).Select(e => e.Kind).ToList();
        Assert.Equal("planned", events[0]);
        Assert.Equal("done", events[^1]);
        Assert.True(events.Count(k => k == "commit") >= 3, string.Join(", ", events));

        Assert.Equal(500, job.Progress.RowsDone);
        Assert.Equal(500, job.Progress.RowsCommitted);
        Assert.Equal(5, job.Progress.FragmentsCommitted);
        Assert.Equal(1.0, job.Progress.Fraction);
        Assert.Equal(10, progress.Items.Count); // one per checkpoint
        Assert.Equal(500, progress.Items.Max(p => p.RowsDone));
        Assert.NotEmpty(changed);
    }

    [Fact]
    public async Task JobIds_AreValidated_AndUnknownJobsAreNotFound()
    {
        await using var t = await LakeAsync(100);
        var table = await t.Lake.CreateTableAsync("docs", Rows(0, 100));
        await table.AddColumnsAsync(Udf.Scalar("title_len", (string title) => title.Length));
        Assert.Throws<StrataInvalidInputException>(() => table.BackfillAsync("title_len", new BackfillOptions { JobId = "no spaces" }));
        Assert.Throws<StrataInvalidInputException>(() => table.BackfillAsync("title_len", new BackfillOptions { Concurrency = 0 }));
        Assert.Throws<StrataInvalidInputException>(() => table.BackfillAsync("title_len", new BackfillOptions { CommitGranularity = 0 }));
        await Assert.ThrowsAsync<StrataNotFoundException>(() => t.Lake.GetJobAsync("job-unknown"));
        Assert.Empty(await t.Lake.GetErrorsAsync("job-unknown"));

        var job = table.BackfillAsync("title_len", new BackfillOptions { JobId = "my-job_1" });
        Assert.Equal("my-job_1", job.JobId);
        await job;
        Assert.Equal(JobStatus.Done, (await t.Lake.GetJobAsync("my-job_1")).Status);

        // A job id belongs to its column: reusing it for another column is refused, and the first job's record stays as it was.
        await table.AddColumnsAsync(Udf.Scalar("id_plus", (long id) => id + 1));
        await Assert.ThrowsAsync<StrataInvalidInputException>(async () => await table.BackfillAsync("id_plus", new BackfillOptions { JobId = "my-job_1" }));
        var kept = await t.Lake.GetJobAsync("my-job_1");
        Assert.Equal("title_len", kept.Column);
        Assert.Equal(JobStatus.Done, kept.Status);
        Assert.Equal(0, await table.CountRowsAsync("id_plus IS NOT NULL"));

        // Backfilling a column that is not computed by a UDF fails without a job record.
        var notUdf = table.BackfillAsync("title", new BackfillOptions { JobId = "not-a-udf" });
        await Assert.ThrowsAsync<StrataInvalidInputException>(async () => await notUdf);
        await Assert.ThrowsAsync<StrataNotFoundException>(() => t.Lake.GetJobAsync("not-a-udf"));
        Assert.Single(await t.Lake.ListJobsAsync());
    }

    [Fact]
    public async Task Cancel_RecordsCancelled_AndResumingWithTheSameJobId_FinishesLikeAnUninterruptedRun()
    {
        await using var t = await LakeAsync(300);
        var table = await t.Lake.CreateTableAsync("docs", Rows(0, 1200));
        var gate = new ManualResetEventSlim(false);
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = 0L;
        var udf = Udf.Scalar("mixed", (long id, string title) =>
        {
            if (Interlocked.Increment(ref calls) == 450)
            {
                reached.TrySetResult();
                gate.Wait(HangGuard);
            }
            return id * 7 + title.Length;
        });
        await table.AddColumnsAsync(udf);
        var copy = CopyLake(t.Folder);
        try
        {
            var options = new BackfillOptions { Concurrency = 1, CheckpointSize = 50, TaskRows = 100, CommitGranularity = 100 };
            var job = table.BackfillAsync("mixed", options);
            await reached.Task.WaitAsync(HangGuard);
            job.Cancel();
            gate.Set();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await job);
            Assert.True(job.Completion.IsCanceled || job.Completion.IsFaulted);

            var cancelled = await t.Lake.GetJobAsync(job.JobId);
            Assert.Equal(JobStatus.Cancelled, cancelled.Status);
            Assert.True(cancelled.RowsCheckpointed >= 400, $"{cancelled.RowsCheckpointed} rows checkpointed");
            Assert.Equal(0, cancelled.RowsCommitted);
            Assert.NotNull(cancelled.CompletedAt);
            Assert.Equal(new[] { "Pending", "Running", "Cancelled" }, await StatusHistoryAsync(t.Lake, job.JobId));
            Assert.Equal(0, await table.CountRowsAsync("mixed IS NOT NULL"));

            // Resume: the checkpointed slices are taken as they are.
            var callsBefore = Interlocked.Read(ref calls);
            var resumed = table.BackfillAsync("mixed", options with { JobId = job.JobId });
            var result = await resumed;
            Assert.Equal(job.JobId, result.JobId);
            Assert.True(result.RowsFromCheckpoints >= 400, $"{result.RowsFromCheckpoints} rows from checkpoints");
            Assert.Equal(1200, result.RowsComputed + result.RowsFromCheckpoints);
            Assert.Equal(result.RowsComputed, Interlocked.Read(ref calls) - callsBefore);
            Assert.Equal(1200, result.RowsCommitted);
            var done = await t.Lake.GetJobAsync(job.JobId);
            Assert.Equal(JobStatus.Done, done.Status);
            Assert.Equal(result.RowsFromCheckpoints, done.RowsSkipped);
            var history = await StatusHistoryAsync(t.Lake, job.JobId);
            Assert.Equal("Cancelled", history[2]);
            Assert.Equal("Done", history[^1]);

            // The same backfill, uninterrupted, on a copy made before it started.
            await using var other = await Lake.OpenAsync(copy, new LakeOptions { Author = "tests", MaxRowsPerFragment = 300 });
            other.Udfs.Register(udf);
            var otherTable = await other.OpenTableAsync("docs");
            var uninterrupted = await otherTable.BackfillAsync("mixed", new BackfillOptions { Concurrency = 2 });
            Assert.Equal(1200, uninterrupted.RowsComputed);
            var expected = await ColumnAsync(otherTable, "mixed");
            var actual = await ColumnAsync(table, "mixed");
            Assert.Equal(expected.OrderBy(kv => kv.Key), actual.OrderBy(kv => kv.Key));
            Assert.All(actual, kv => Assert.Equal(kv.Key * 7 + Title(kv.Key).Length, kv.Value));
        }
        finally
        {
            gate.Set();
            DeleteFolder(copy);
        }
    }

    [Fact]
    public async Task UnknownUdf_InAnotherLakeObject_FailsNamingIt_UntilRegistered()
    {
        await using var t = await LakeAsync(100);
        var table = await t.Lake.CreateTableAsync("docs", Rows(0, 200));
        var udf = Udf.Scalar("secret_len", (string title) => title.Length);
        Assert.True(udf.IsAnonymous);
        await table.AddColumnsAsync(udf);

        await using var other = await Lake.OpenAsync(t.Folder, new LakeOptions { Author = "other", MaxRowsPerFragment = 100 });
        var otherTable = await other.OpenTableAsync("docs");
        var e = await Assert.ThrowsAsync<StrataNotFoundException>(async () => await otherTable.BackfillAsync("secret_len"));
        Assert.Contains("secret_len", e.Message);
        var planError = await Assert.ThrowsAsync<StrataNotFoundException>(() => otherTable.PlanBackfillAsync("secret_len"));
        Assert.Contains("secret_len", planError.Message);
        // A request that cannot run leaves no job record.
        Assert.Empty(await other.ListJobsAsync());
        Assert.Equal(0, await otherTable.CountRowsAsync("secret_len IS NOT NULL"));

        other.Udfs.Register(udf);
        Assert.Contains("secret_len", (await other.Udfs.ListAsync()).Keys);
        var result = await otherTable.BackfillAsync("secret_len", new BackfillOptions { Concurrency = 2 });
        Assert.Equal(200, result.RowsComputed);
        foreach (var (id, v) in await ColumnAsync(otherTable, "secret_len")) Assert.Equal(Title(id).Length, v);
    }
}
