using Strata.Jobs;
using Strata.Data;
using Strata.Tests.TestSupport;

namespace Strata.Tests.Jobs;

/// <summary>Job records in <c>__system</c> tables: states, history, events, errors, ids.</summary>
public sealed class JobStoreTests
{
    internal static JobRecord NewJob(string table = "docs", string? id = null, string column = "embedding") => new()
    {
        JobId = id ?? Lake.NewJobId(),
        Table = table,
        TableId = "t-" + table,
        Column = column,
        Kind = "backfill",
        Config = """{"batch_size": 64}""",
    };

    [Fact]
    public async Task Create_Save_Get_RoundTripsEveryField()
    {
        await using var t = await TempLake.CreateAsync();
        var jobs = t.Lake.Jobs;
        var created = await jobs.CreateAsync(NewJob(id: "job-1"), default);
        Assert.Equal(JobStatus.Pending, created.Status);
        Assert.Equal("tests", created.LaunchedBy);
        Assert.NotEqual(default, created.CreatedAt);
        Assert.True(created.Seq > 0);
        Assert.Equal(created, await t.Lake.GetJobAsync("job-1"));

        var running = created with
        {
            Status = JobStatus.Running,
            StartedAt = DateTimeOffset.UtcNow,
            RowsPlanned = 1000, RowsCheckpointed = 500, RowsCommitted = 400, RowsSkipped = 3, RowsFailed = 2,
            FragmentsPlanned = 10, FragmentsCommitted = 4, UdfMs = 1234, ReadMs = 56, WriteMs = 78, CommitRetries = 1,
            Cluster = "local", Manifest = "m-1", ProcessId = "host:42", Error = "it's \"quoted\"",
        };
        var saved = await jobs.SaveAsync(running, default);
        Assert.True(saved.Seq > created.Seq);
        Assert.True(saved.UpdatedAt >= created.UpdatedAt);
        Assert.Equal(created.CreatedAt, saved.CreatedAt);
        var read = await t.Lake.GetJobAsync("job-1");
        Assert.Equal(saved, read);
        Assert.Equal(400, read.RowsCommitted);
        Assert.Equal("it's \"quoted\"", read.Error);
    }

    [Fact]
    public async Task CreateAsync_ReturnsTheExistingJob_WithoutWriting()
    {
        await using var t = await TempLake.CreateAsync();
        var first = await t.Lake.Jobs.CreateAsync(NewJob(id: "again"), default);
        await t.Lake.Jobs.SaveAsync(first with { Status = JobStatus.Running }, default);
        var second = await t.Lake.Jobs.CreateAsync(NewJob(id: "again", table: "other"), default);
        Assert.Equal(JobStatus.Running, second.Status);
        Assert.Equal("docs", second.Table);
        var rows = await t.Lake.SqlAsync("SELECT count(*) AS n FROM __system.jobs");
        Assert.Equal(2L, rows.Rows().Single()["n"]);
    }

    [Fact]
    public async Task LatestStateWins_AndHistoryIsKept()
    {
        await using var t = await TempLake.CreateAsync();
        var job = await t.Lake.Jobs.CreateAsync(NewJob(id: "hist"), default);
        foreach (var status in new[] { JobStatus.Running, JobStatus.Running, JobStatus.Failed })
            job = await t.Lake.Jobs.SaveAsync(job with { Status = status, RowsCommitted = job.RowsCommitted + 10 }, default);

        var current = await t.Lake.GetJobAsync("hist");
        Assert.Equal(JobStatus.Failed, current.Status);
        Assert.Equal(30, current.RowsCommitted);
        Assert.True(current.IsFinished);
        Assert.Single(await t.Lake.ListJobsAsync());

        var history = await t.Lake.SqlAsync("SELECT status, seq FROM __system.jobs WHERE job_id = 'hist' ORDER BY seq");
        Assert.Equal(["Pending", "Running", "Running", "Failed"], history.Rows().Select(r => (string)r["status"]!));
    }

    [Fact]
    public async Task ListJobs_FiltersByCurrentStatusAndTable_NewestFirst()
    {
        await using var t = await TempLake.CreateAsync();
        var jobs = t.Lake.Jobs;
        var a = await jobs.CreateAsync(NewJob("docs", "a"), default);
        var b = await jobs.CreateAsync(NewJob("docs", "b"), default);
        var c = await jobs.CreateAsync(NewJob("ns.images", "c"), default);
        await jobs.SaveAsync(a with { Status = JobStatus.Running }, default);
        await jobs.SaveAsync(a with { Status = JobStatus.Done }, default);
        await jobs.SaveAsync(b with { Status = JobStatus.Running }, default);

        var all = await t.Lake.ListJobsAsync();
        Assert.Equal(["c", "b", "a"], all.Select(j => j.JobId));
        Assert.Equal([JobStatus.Pending, JobStatus.Running, JobStatus.Done], all.Select(j => j.Status));

        Assert.Equal(["a"], (await t.Lake.ListJobsAsync(status: JobStatus.Done)).Select(j => j.JobId));
        // A job whose earlier state was Running but is now Done is not Running.
        Assert.Equal(["b"], (await t.Lake.ListJobsAsync(status: JobStatus.Running)).Select(j => j.JobId));
        Assert.Empty(await t.Lake.ListJobsAsync(status: JobStatus.Cancelled));
        Assert.Equal(["b", "a"], (await t.Lake.ListJobsAsync("DOCS")).Select(j => j.JobId));
        Assert.Equal(["c"], (await t.Lake.ListJobsAsync("ns.images")).Select(j => j.JobId));
        Assert.Equal(["c"], (await t.Lake.ListJobsAsync("t-ns.images")).Select(j => j.JobId));
        Assert.Equal(["b"], (await t.Lake.ListJobsAsync("docs", JobStatus.Running)).Select(j => j.JobId));
        Assert.Empty(await t.Lake.ListJobsAsync("o'brien'; DROP TABLE x; --"));
    }

    [Fact]
    public async Task EventsAndErrors_RoundTrip_InOrder()
    {
        await using var t = await TempLake.CreateAsync();
        var now = DateTimeOffset.UtcNow;
        var events = Enumerable.Range(0, 5).Select(i => new JobEvent("ev", now.AddSeconds(i / 2), "step", $"step {i}")).ToList();
        await t.Lake.Jobs.AddEventsAsync(events.Take(3), default);
        await t.Lake.Jobs.AddEventsAsync(events.Skip(3).Append(new JobEvent("other", now, "started", "x")), default);
        var read = await t.Lake.GetJobEventsAsync("ev");
        Assert.Equal(events.Select(e => e.Message), read.Select(e => e.Message));
        Assert.Equal(Micros(events[4].Time), read[4].Time);
        Assert.Equal("step", read[0].Kind);

        Exception thrown;
        try { throw new InvalidOperationException("boom 'quoted'"); }
        catch (InvalidOperationException e) { thrown = e; }
        var errors = new List<JobError>
        {
            JobError.FromException("ev", "embedding", 7, 1, thrown),
            new("ev", "embedding", 7, 2, "System.Exception", "again", null, now.AddSeconds(1)),
            new("ev", "summary", 9, 1, "System.Exception", "other column", null, now.AddSeconds(2)),
            new("ev", null, null, 1, "System.Exception", "job-wide", null, now.AddSeconds(3)),
        };
        await t.Lake.Jobs.AddErrorsAsync(errors, default);
        var all = await t.Lake.GetErrorsAsync("ev");
        Assert.Equal(4, all.Count);
        Assert.Equal(errors[0] with { Time = Micros(errors[0].Time) }, all[0]);
        Assert.Contains("JobStoreTests", all[0].StackTrace, StringComparison.Ordinal);
        Assert.Equal("System.InvalidOperationException", all[0].ExceptionType);
        Assert.Equal([1, 2], (await t.Lake.GetErrorsAsync("ev", "EMBEDDING")).Select(e => e.Attempt));
        Assert.Equal(["other column"], (await t.Lake.GetErrorsAsync("ev", "summary")).Select(e => e.Message));
        Assert.Null(all[3].Column);
        Assert.Null(all[3].RowId);
        Assert.Empty(await t.Lake.GetErrorsAsync("nobody"));
    }

    [Fact]
    public async Task SystemTables_AreReadableWithSql()
    {
        await using var t = await TempLake.CreateAsync();
        var job = await t.Lake.Jobs.CreateAsync(NewJob(id: "sql-1"), default);
        await t.Lake.Jobs.SaveAsync(job with { Status = JobStatus.Done, RowsCommitted = 42 }, default);
        await t.Lake.Jobs.AddEventsAsync([new JobEvent("sql-1", DateTimeOffset.UtcNow, "done", "finished")], default);
        await t.Lake.Jobs.AddErrorsAsync([new JobError("sql-1", "embedding", 3, 1, "E", "bad row", null, DateTimeOffset.UtcNow)], default);

        var all = await t.Lake.SqlAsync("SELECT * FROM __system.jobs");
        Assert.Equal(2, all.RowCount);
        foreach (var column in new[] { "job_id", "seq", "table_name", "table_id", "column_name", "kind", "status", "launched_by", "config",
                     "created_at", "started_at", "updated_at", "completed_at", "rows_planned", "rows_checkpointed", "rows_committed", "rows_skipped",
                     "rows_failed", "fragments_planned", "fragments_committed", "udf_ms", "read_ms", "write_ms", "commit_retries", "error",
                     "cluster", "manifest", "process_id" })
            Assert.True(all.Schema.Contains(column), $"missing column {column}: {all.Schema}");

        var latest = await t.Lake.SqlAsync("""
            SELECT job_id, status, rows_committed FROM __system.jobs
            QUALIFY row_number() OVER (PARTITION BY job_id ORDER BY seq DESC) = 1
            """);
        var row = latest.Rows().Single();
        Assert.Equal("Done", row["status"]);
        Assert.Equal(42L, row["rows_committed"]);

        var joined = await t.Lake.SqlAsync("""
            SELECT e.kind, r.message FROM __system.job_events e JOIN __system.errors r USING (job_id)
            """);
        Assert.Equal("bad row", joined.Rows().Single()["message"]);
    }

    [Fact]
    public async Task SystemTables_AreHiddenFromListings_AndDoNotClashWithUserTables()
    {
        await using var t = await TempLake.CreateAsync();
        await t.Lake.CreateTableAsync("jobs", new RecordBatch(("n", Column.From(new long[] { 1, 2, 3 }))));
        await t.Lake.CreateNamespaceAsync("team");
        await t.Lake.Jobs.CreateAsync(NewJob(id: "hidden"), default);
        await t.Lake.Jobs.AddEventsAsync([new JobEvent("hidden", DateTimeOffset.UtcNow, "started", "")], default);

        Assert.Equal(["jobs"], await t.Lake.TableNamesAsync());
        Assert.Equal(["jobs"], (await t.Lake.ListTablesAsync()).Names);
        Assert.Equal(["team"], await t.Lake.ListNamespacesAsync());
        Assert.False(await t.Lake.TableExistsAsync("errors"));
        await Assert.ThrowsAsync<StrataInvalidInputException>(() => t.Lake.OpenTableAsync("__system.jobs"));
        await Assert.ThrowsAsync<StrataInvalidInputException>(() => t.Lake.DropTableAsync("__system.jobs"));

        Assert.Equal(3, (await t.Lake.SqlAsync("SELECT * FROM jobs")).RowCount);
        Assert.Equal(1, (await t.Lake.SqlAsync("SELECT * FROM __system.jobs")).RowCount);
        var catalog = await t.Lake.Catalog.ReadLatestAsync(default);
        Assert.Single(catalog.Namespaces, n => n.Count == 1 && n[0] == "__system");
    }

    [Fact]
    public async Task Reads_OnALakeWithoutJobs_FindNothing_AndCreateNothing()
    {
        await using var t = await TempLake.CreateAsync();
        Assert.Empty(await t.Lake.ListJobsAsync());
        Assert.Empty(await t.Lake.GetJobEventsAsync("none"));
        var e = await Assert.ThrowsAsync<StrataNotFoundException>(() => t.Lake.GetJobAsync("job-missing-1"));
        Assert.Contains("job-missing-1", e.Message, StringComparison.Ordinal);
        var catalog = await t.Lake.Catalog.ReadLatestAsync(default);
        Assert.Equal(0, catalog.Version);
    }

    [Fact]
    public async Task Records_SurviveReopeningTheLake()
    {
        var folder = TempLake.NewFolder();
        try
        {
            JobRecord saved;
            await using (var lake = await Lake.CreateAsync(folder, new LakeOptions { Author = "first" }))
            {
                var job = await lake.Jobs.CreateAsync(NewJob(id: "durable"), default);
                saved = await lake.Jobs.SaveAsync(job with { Status = JobStatus.Done, CompletedAt = DateTimeOffset.UtcNow }, default);
                await lake.Jobs.AddEventsAsync([new JobEvent("durable", DateTimeOffset.UtcNow, "done", "ok")], default);
                await lake.Jobs.AddErrorsAsync([new JobError("durable", "c", 1, 1, "E", "m", "trace", DateTimeOffset.UtcNow)], default);
            }
            await using (var lake = await Lake.OpenAsync(folder, new LakeOptions { Author = "second" }))
            {
                Assert.Equal(saved, await lake.GetJobAsync("durable"));
                Assert.Equal("first", (await lake.GetJobAsync("durable")).LaunchedBy);
                Assert.Single(await lake.GetJobEventsAsync("durable"));
                Assert.Equal("trace", (await lake.GetErrorsAsync("durable")).Single().StackTrace);
                // A state saved by a new process orders after the state it read.
                var next = await lake.Jobs.SaveAsync(saved with { Status = JobStatus.Cancelled }, default);
                Assert.True(next.Seq > saved.Seq);
                Assert.Equal(JobStatus.Cancelled, (await lake.GetJobAsync("durable")).Status);
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task ManySmallSaves_AreCompacted_WithoutLosingStates()
    {
        await using var t = await TempLake.CreateAsync();
        var job = await t.Lake.Jobs.CreateAsync(NewJob(id: "chatty"), default);
        for (var i = 1; i <= 40; i++)
            job = await t.Lake.Jobs.SaveAsync(job with { Status = JobStatus.Running, RowsCommitted = i }, default);
        var table = await t.Lake.SystemTableAsync(JobStore.JobsTable, RecordShape.ForRows(typeof(JobRecord)).Schema, default);
        Assert.True(table.FragmentCount < 32, $"{table.FragmentCount} fragments");
        Assert.Equal(41, table.RowCount);
        Assert.Equal(40, (await t.Lake.GetJobAsync("chatty")).RowsCommitted);
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("a/b")]
    [InlineData("a.b")]
    [InlineData("x'; DROP TABLE jobs; --")]
    [InlineData("-starts-with-dash")]
    [InlineData("tab\there")]
    [InlineData("ünïcode")]
    public async Task BadJobIds_AreRejected(string id)
    {
        await using var t = await TempLake.CreateAsync();
        await Assert.ThrowsAsync<StrataInvalidInputException>(() => t.Lake.GetJobAsync(id));
        await Assert.ThrowsAsync<StrataInvalidInputException>(() => t.Lake.GetErrorsAsync(id));
        await Assert.ThrowsAsync<StrataInvalidInputException>(() => t.Lake.GetJobEventsAsync(id));
        await Assert.ThrowsAsync<StrataInvalidInputException>(() => t.Lake.Jobs.SaveAsync(NewJob(id: id), default));
        await Assert.ThrowsAsync<StrataInvalidInputException>(() => t.Lake.Jobs.AddEventsAsync([new JobEvent(id, DateTimeOffset.UtcNow, "k", "m")], default));
    }

    [Fact]
    public async Task JobIds_LongOnesAreRejected_GeneratedOnesAreValid()
    {
        await using var t = await TempLake.CreateAsync();
        await Assert.ThrowsAsync<StrataInvalidInputException>(() => t.Lake.GetJobAsync(new string('a', 65)));
        await Assert.ThrowsAsync<StrataNotFoundException>(() => t.Lake.GetJobAsync(new string('a', 64)));
        var id = Lake.NewJobId();
        Assert.Matches("^job-[0-9]{8}-[0-9]{6}-[0-9a-f]{6}$", id);
        Assert.NotEqual(id, Lake.NewJobId());
        await Assert.ThrowsAsync<StrataNotFoundException>(() => t.Lake.GetJobAsync(id));
    }

    [Fact]
    public async Task BadRecords_AreRejected()
    {
        await using var t = await TempLake.CreateAsync();
        await Assert.ThrowsAsync<StrataInvalidInputException>(() => t.Lake.Jobs.SaveAsync(NewJob() with { Config = "{not json" }, default));
        await Assert.ThrowsAsync<StrataInvalidInputException>(() => t.Lake.Jobs.SaveAsync(NewJob() with { Table = " " }, default));
        await Assert.ThrowsAsync<StrataInvalidInputException>(() => t.Lake.Jobs.SaveAsync(NewJob() with { Kind = "" }, default));
    }

    internal static DateTimeOffset Micros(DateTimeOffset t) => new(t.UtcTicks - t.UtcTicks % 10, TimeSpan.Zero);
}
