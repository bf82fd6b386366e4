using Strata.Tests.TestSupport;

namespace Strata.Tests.Jobs;

/// <summary>Several lake objects (as several processes would) writing job records to one lake at once.</summary>
public sealed class JobStoreConcurrencyTests
{
    [Fact]
    public async Task ConcurrentSaves_FromSeparateLakes_LoseNothing_AndCreateTheSystemTablesOnce()
    {
        const int Writers = 6, SavesEach = 8;
        var folder = TempLake.NewFolder();
        try
        {
            await using (await Lake.CreateAsync(folder, new LakeOptions { Author = "tests" })) { }
            var lakes = new List<Lake>();
            for (var w = 0; w < Writers; w++)
                lakes.Add(await Lake.OpenAsync(folder, new LakeOptions { Author = $"w{w}", EngineThreads = 1 }));
            try
            {
                // Nothing exists yet: every writer races to create __system.jobs and __system.job_events.
                using var start = new ManualResetEventSlim(false);
                var tasks = lakes.Select((lake, w) => Task.Run(async () =>
                {
                    start.Wait();
                    var job = await lake.Jobs.CreateAsync(JobStoreTests.NewJob(id: $"job-w{w}"), default);
                    for (var i = 1; i <= SavesEach; i++)
                    {
                        job = await lake.Jobs.SaveAsync(job with { Status = JobStatus.Running, RowsCommitted = i }, default);
                        await lake.Jobs.SaveAsync(JobStoreTests.NewJob(id: "shared") with { RowsCommitted = w * 100 + i }, default);
                        await lake.Jobs.AddEventsAsync([new JobEvent($"job-w{w}", DateTimeOffset.UtcNow, "step", $"{i}")], default);
                    }
                    await lake.Jobs.SaveAsync(job with { Status = JobStatus.Done }, default);
                })).ToList();
                start.Set();
                await Task.WhenAll(tasks);
            }
            finally
            {
                foreach (var lake in lakes) await lake.DisposeAsync();
            }

            await using var reader = await Lake.OpenAsync(folder);
            var jobs = await reader.ListJobsAsync();
            Assert.Equal(Writers + 1, jobs.Count);
            for (var w = 0; w < Writers; w++)
            {
                var job = await reader.GetJobAsync($"job-w{w}");
                Assert.Equal(JobStatus.Done, job.Status);
                Assert.Equal(SavesEach, job.RowsCommitted);
                Assert.Equal($"w{w}", job.LaunchedBy);
                Assert.Equal(Enumerable.Range(1, SavesEach).Select(i => $"{i}"), (await reader.GetJobEventsAsync($"job-w{w}")).Select(e => e.Message));
            }

            var states = await reader.SqlAsync("SELECT job_id, seq, rows_committed FROM __system.jobs");
            Assert.Equal(Writers * (SavesEach + 2) + Writers * SavesEach, states.RowCount);
            var shared = states.Rows().Where(r => (string)r["job_id"]! == "shared").ToList();
            Assert.Equal(
                Enumerable.Range(0, Writers).SelectMany(w => Enumerable.Range(1, SavesEach).Select(i => (long)(w * 100 + i))).Order(),
                shared.Select(r => (long)r["rows_committed"]!).Order());
            // One writer's states of a job are strictly ordered by seq.
            foreach (var group in states.Rows().GroupBy(r => (string)r["job_id"]!).Where(g => g.Key != "shared"))
            {
                var bySeq = group.OrderBy(r => (long)r["seq"]!).ToList();
                Assert.Equal(bySeq.Count, bySeq.Select(r => (long)r["seq"]!).Distinct().Count());
                Assert.Equal(bySeq.Select(r => (long)r["rows_committed"]!).Order(), bySeq.Select(r => (long)r["rows_committed"]!));
            }

            var catalog = await reader.Catalog.ReadLatestAsync(default);
            Assert.Equal(2, catalog.Tables.Count);
            Assert.Single(catalog.Namespaces);
            // The losers of the creation race removed their table files.
            var ids = catalog.Tables.Select(e => e.TableId).ToHashSet();
            var strays = Directory.GetDirectories(Path.Combine(folder, "tables"))
                .Where(d => !ids.Contains(Path.GetFileName(d)))
                .SelectMany(d => Directory.GetFiles(d, "*", SearchOption.AllDirectories))
                .ToList();
            Assert.Empty(strays);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task ConcurrentTasks_OnOneLake_ShareCommits_AndLoseNothing()
    {
        await using var t = await TempLake.CreateAsync();
        const int Tasks = 16, Events = 10;
        await Task.WhenAll(Enumerable.Range(0, Tasks).Select(n => Task.Run(async () =>
        {
            for (var i = 0; i < Events; i++)
                await t.Lake.Jobs.AddEventsAsync([new JobEvent("busy", DateTimeOffset.UtcNow, $"t{n}", $"{i}")], default);
        })));
        var events = await t.Lake.GetJobEventsAsync("busy");
        Assert.Equal(Tasks * Events, events.Count);
        foreach (var group in events.GroupBy(e => e.Kind))
            Assert.Equal(Enumerable.Range(0, Events).Select(i => $"{i}"), group.Select(e => e.Message));
        var table = await t.Lake.SystemTableAsync(Strata.Jobs.JobStore.EventsTable, Strata.Data.RecordShape.ForRows(typeof(JobEvent)).Schema, default);
        Assert.True(table.Version - 1 < Tasks * Events, $"{Tasks * Events} appends took {table.Version - 1} commits");
    }
}
