using System.Globalization;
using Strata.TestHost;
using Strata.Tests.TestSupport;
using Xunit.Abstractions;

namespace Strata.Tests.Durability;

/// <summary>
/// Invariant 2: no committed data is ever lost to a concurrent writer. Several processes (and, in one
/// test, many tasks with their own lake objects) commit to one table at once; afterwards every row of
/// every writer is there exactly once, SQL columns cover rows appended while they were being added,
/// the versions form one line, and a real conflict fails one writer instead of being resolved silently.
/// </summary>
[Collection(DurabilityCollection.Name)]
public sealed class ConcurrencyTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Generous = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task WriterProcesses_AppendingWhileAnotherAddsColumns_LoseNoRow_AndCommitOneLineOfVersions()
    {
        const int Appends = 20, Rows = 50, Columns = 5, StartColumnsAtVersion = 8;
        const string Prefix = "x";
        string[] writers = ["w1", "w2", "w3"];
        var folder = TempLake.NewFolder();
        try
        {
            string tableId;
            await using (var lake = await Lake.CreateAsync(folder, new LakeOptions { Author = "tests", EngineThreads = 1 }))
                tableId = (await lake.CreateTableAsync("shared", CommitPlan.TableSchema)).Id;

            // All four start together once each is ready (engine warm); the column process then waits until the appends are
            // under way, so that its additions land among them.
            var startFile = Path.Combine(folder, "..", Path.GetFileName(folder) + ".start");
            var hosts = new List<HostProcess> { HostProcess.StartGated(startFile, "add-columns", folder, "shared", Prefix, Num(Columns), Num(StartColumnsAtVersion)) };
            hosts.AddRange(writers.Select(w => HostProcess.StartGated(startFile, "append-loop", folder, "shared", w, Num(Appends), Num(Rows))));
            var claimed = new Dictionary<long, string>();
            try
            {
                foreach (var host in hosts) await host.WaitForLineAsync(l => l == "ready", Generous);
                await File.WriteAllTextAsync(startFile, "");
                foreach (var host in hosts)
                {
                    var code = await host.WaitForExitAsync(Generous);
                    Assert.True(code == 0, $"host '{host.Description}' failed: {host.Report()}");
                    var commits = host.Lines.Where(l => l.StartsWith("committed ", StringComparison.Ordinal)).ToList();
                    Assert.Equal(host.Description.StartsWith("add-columns", StringComparison.Ordinal) ? Columns : Appends, commits.Count);
                    foreach (var line in commits)
                    {
                        var version = long.Parse(line.Split(' ')[1], CultureInfo.InvariantCulture);
                        Assert.True(claimed.TryAdd(version, line), $"version {version} was reported by two commits: '{claimed.GetValueOrDefault(version)}' and '{line}'");
                    }
                }
            }
            finally
            {
                foreach (var host in hosts) await host.DisposeAsync();
            }
            var total = 1 + writers.Length * Appends + Columns;
            Assert.Equal(Enumerable.Range(2, total - 1).Select(v => (long)v), claimed.Keys.Order());

            // One line of versions on disk: 1..N, each built on the one before.
            var files = new LakeFileAudit(folder, tableId).Check(linear: true);
            Assert.Equal(total, files.Versions.Count);

            await using var reader = await Lake.OpenAsync(folder, new LakeOptions { Author = "tests", EngineThreads = 2 });
            var table = await reader.OpenTableAsync("shared");
            Assert.Equal(total, table.Version);
            Assert.Equal([Prefix + "_1", Prefix + "_2", Prefix + "_3", Prefix + "_4", Prefix + "_5"],
                table.Schema.Fields.Skip(3).Select(f => f.Name));
            var versions = await table.ListVersionsAsync();
            var appendsSoFar = 0;
            foreach (var v in versions.Skip(1))
            {
                var kind = claimed[v.Version].Contains("column=", StringComparison.Ordinal) ? "add_columns" : "append";
                Assert.True(kind == v.Operation, $"version {v.Version} is '{v.Operation}' but was reported as '{claimed[v.Version]}'");
                if (kind == "append") appendsSoFar++;
                Assert.Equal(appendsSoFar * (long)Rows, v.RowCount);
            }

            // Every version reads completely; the rows of each writer committed so far are there once, and every SQL
            // column of that version is computed for every row, whichever order appends and additions landed in.
            var perWriter = writers.ToDictionary(w => w, _ => 0L);
            foreach (var v in versions)
            {
                if (v.Operation == "append")
                {
                    var writer = claimed[v.Version].Split(' ')[2]["writer=".Length..];
                    perWriter[writer] += Rows;
                }
                var batch = await (await table.CheckoutAsync(v.Version)).ToBatchAsync();
                SharedTableChecks.AssertEveryRowOnce(batch, perWriter, Prefix, $"version {v.Version}");
            }
            Assert.All(perWriter.Values, n => Assert.Equal(Appends * (long)Rows, n));
            var order = string.Concat(versions.Skip(1).Select(v => v.Operation == "append" ? '.' : 'C'));
            output.WriteLine($"{total} versions; {table.RowCount} rows; {table.FragmentCount} fragments; commit order (C = column): {order}");
        }
        finally
        {
            TryDelete(folder);
            File.Delete(Path.Combine(folder, "..", Path.GetFileName(folder) + ".start"));
        }
    }

    [Theory]
    [InlineData("delete")]
    [InlineData("update")]
    public async Task TwoProcessesChangingRowsOfOneFragment_ExactlyOneCommits_TheOtherGetsAConflict(string secondWriter)
    {
        const int Rounds = 4;
        var folder = TempLake.NewFolder();
        var barriers = TempLake.NewFolder();
        try
        {
            await using var lake = await Lake.CreateAsync(folder, new LakeOptions { Author = "tests", EngineThreads = 1 });
            int firstWins = 0, secondWins = 0;
            for (var round = 0; round < Rounds; round++)
            {
                var name = $"race{round.ToString(CultureInfo.InvariantCulture)}";
                var created = await lake.CreateTableAsync(name, CommitPlan.Rows(0, 100, "base"));
                Assert.Equal(1, created.FragmentCount);
                var barrier = Path.Combine(barriers, name);
                // Both wait at their first manifest commit until the other is there too: both planned against version 1.
                await using var first = HostProcess.Start("conflict-delete", folder, name, "id < 60", barrier, "2");
                await using var second = secondWriter == "delete"
                    ? HostProcess.Start("conflict-delete", folder, name, "id >= 40", barrier, "2")
                    : HostProcess.Start("conflict-update", folder, name, "id >= 40", "val", "val + 1000000", barrier, "2");
                var outcomes = new List<string>();
                foreach (var host in new[] { first, second })
                {
                    var code = await host.WaitForExitAsync(Generous);
                    Assert.True(code == 0, $"host '{host.Description}' failed: {host.Report()}");
                    Assert.DoesNotContain("barrier timed out", host.StandardError, StringComparison.Ordinal);
                    var outcome = host.Lines.Where(l => l.StartsWith("committed ", StringComparison.Ordinal) || l == "conflict").ToList();
                    Assert.True(outcome.Count == 1, $"host '{host.Description}' printed [{string.Join(" | ", host.Lines)}]");
                    outcomes.Add(outcome[0]);
                }
                var firstWon = outcomes[0].StartsWith("committed ", StringComparison.Ordinal);
                var secondWon = outcomes[1].StartsWith("committed ", StringComparison.Ordinal);
                Assert.True(firstWon != secondWon, $"round {round}: outcomes were '{outcomes[0]}' and '{outcomes[1]}'; exactly one must commit");
                Assert.Equal("committed 2 rows=60", firstWon ? outcomes[0] : outcomes[1]);
                if (firstWon) firstWins++;
                else secondWins++;

                var table = await lake.OpenTableAsync(name);
                Assert.Equal(2, table.Version);
                var batch = await table.ToBatchAsync();
                var rows = Enumerable.Range(0, batch.RowCount)
                    .Select(r => (Id: Convert.ToInt64(batch[r, "id"], CultureInfo.InvariantCulture), Val: Convert.ToInt64(batch[r, "val"], CultureInfo.InvariantCulture)))
                    .OrderBy(r => r.Id).ToList();
                var expected = firstWon
                    ? Enumerable.Range(60, 40).Select(i => ((long)i, (long)i))
                    : secondWriter == "delete"
                        ? Enumerable.Range(0, 40).Select(i => ((long)i, (long)i))
                        : Enumerable.Range(0, 100).Select(i => ((long)i, i >= 40 ? i + 1_000_000L : i));
                Assert.Equal(expected.ToList(), rows.Select(r => (r.Id, r.Val)).ToList());
            }
            output.WriteLine($"the delete of id < 60 won {firstWins} rounds, the {secondWriter} of id >= 40 won {secondWins}");
        }
        finally
        {
            TryDelete(folder);
            TryDelete(barriers);
        }
    }

    [Fact]
    public async Task ManyTasksWithTheirOwnLakeObjects_AppendAndAddColumnsAtOnce_WithoutLoss()
    {
        const int Writers = 8, Appends = 10, Rows = 20, Columns = 3;
        const string Prefix = "y";
        var folder = TempLake.NewFolder();
        try
        {
            string tableId;
            await using (var lake = await Lake.CreateAsync(folder, new LakeOptions { Author = "tests", EngineThreads = 1 }))
                tableId = (await lake.CreateTableAsync("shared", CommitPlan.TableSchema)).Id;
            var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var writerTasks = Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
            {
                var name = $"task{w.ToString(CultureInfo.InvariantCulture)}";
                await using var lake = await Lake.OpenAsync(folder, new LakeOptions { Author = name, EngineThreads = 1 });
                var table = await lake.OpenTableAsync("shared");
                await go.Task;
                var versions = new List<long>();
                for (var k = 0; k < Appends; k++)
                    versions.Add((await table.AddAsync(CommitPlan.Rows((long)k * Rows, Rows, name))).Version);
                return versions;
            })).ToList();
            var columnTask = Task.Run(async () =>
            {
                await using var lake = await Lake.OpenAsync(folder, new LakeOptions { Author = "columns", EngineThreads = 1 });
                var table = await lake.OpenTableAsync("shared");
                await go.Task;
                var versions = new List<long>();
                foreach (var (name, i) in SharedTableChecks.ColumnNames(Prefix, Columns).Select((n, i) => (n, i + 1)))
                    versions.Add((await table.AddColumnsAsync(new Dictionary<string, string> { [name] = $"id * {i.ToString(CultureInfo.InvariantCulture)}" })).Version);
                return versions;
            });
            go.SetResult();
            var committed = (await Task.WhenAll(writerTasks.Append(columnTask)).WaitAsync(Generous)).SelectMany(v => v).ToList();

            var total = 1 + Writers * Appends + Columns;
            Assert.Equal(Enumerable.Range(2, total - 1).Select(v => (long)v), committed.Order());
            Assert.Equal(total, new LakeFileAudit(folder, tableId).Check(linear: true).Versions.Count);

            await using var reader = await Lake.OpenAsync(folder, new LakeOptions { Author = "tests" });
            var latest = await reader.OpenTableAsync("shared");
            Assert.Equal(total, latest.Version);
            Assert.Equal(SharedTableChecks.ColumnNames(Prefix, Columns), latest.Schema.Fields.Skip(3).Select(f => f.Name));
            var expected = Enumerable.Range(0, Writers).ToDictionary(w => $"task{w.ToString(CultureInfo.InvariantCulture)}", _ => (long)Appends * Rows);
            SharedTableChecks.AssertEveryRowOnce(await latest.ToBatchAsync(), expected, Prefix, $"version {total}");
        }
        finally
        {
            TryDelete(folder);
        }
    }

    [Fact]
    public async Task ConcurrentTableCreations_AllLand_AndAContestedNameGoesToExactlyOneCreator()
    {
        const int Creators = 6;
        var folder = TempLake.NewFolder();
        try
        {
            await (await Lake.CreateAsync(folder, new LakeOptions { Author = "tests" })).DisposeAsync();
            var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var creators = Enumerable.Range(0, Creators).Select(i => Task.Run(async () =>
            {
                var name = $"creator{i.ToString(CultureInfo.InvariantCulture)}";
                await using var lake = await Lake.OpenAsync(folder, new LakeOptions { Author = name, EngineThreads = 1 });
                await go.Task;
                await lake.CreateTableAsync($"own{i.ToString(CultureInfo.InvariantCulture)}", CommitPlan.Rows(0, 5, name));
                try
                {
                    await lake.CreateTableAsync("contested", CommitPlan.Rows(0, 5, name));
                    return name;
                }
                catch (StrataAlreadyExistsException)
                {
                    return null;
                }
            })).ToList();
            go.SetResult();
            var winners = (await Task.WhenAll(creators).WaitAsync(Generous)).OfType<string>().ToList();
            Assert.Single(winners);

            await using var reader = await Lake.OpenAsync(folder, new LakeOptions { Author = "tests" });
            Assert.Equal(Enumerable.Range(0, Creators).Select(i => $"own{i.ToString(CultureInfo.InvariantCulture)}").Append("contested").Order(StringComparer.Ordinal),
                await reader.TableNamesAsync());
            var contested = await (await reader.OpenTableAsync("contested")).ToBatchAsync();
            Assert.All(Enumerable.Range(0, contested.RowCount), r => Assert.Equal(winners[0], contested[r, "writer"]));
            // One catalog version per creation, no gaps; the losers of the contested name removed their table's files.
            var catalogVersions = Directory.GetFiles(Path.Combine(folder, "catalog", "v"), "*.json").Select(Path.GetFileNameWithoutExtension).Order().ToList();
            Assert.Equal(Enumerable.Range(1, Creators + 1).Select(v => v.ToString("D20", CultureInfo.InvariantCulture)), catalogVersions);
            var tablesWithFiles = Directory.GetDirectories(Path.Combine(folder, "tables"))
                .Count(d => Directory.EnumerateFiles(d, "*", SearchOption.AllDirectories).Any());
            Assert.Equal(Creators + 1, tablesWithFiles);
        }
        finally
        {
            TryDelete(folder);
        }
    }

    private static string Num(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static void TryDelete(string folder)
    {
        try { Directory.Delete(folder, recursive: true); }
        catch (IOException) { }
    }
}
