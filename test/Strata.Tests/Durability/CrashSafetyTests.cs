using System.Globalization;
using System.Text.RegularExpressions;
using Strata.TestHost;
using Strata.Tests.TestSupport;
using Xunit.Abstractions;

namespace Strata.Tests.Durability;

/// <summary>
/// Invariant 1: a crash at any instant leaves every committed version readable and byte-identical.
/// A host process runs the commit-loop workload (appends, deletes, updates, SQL column additions,
/// compactions) and is SIGKILLed after a seeded random delay (counted from the host's <c>ready</c> line, so
/// kills land while it writes Parquet, between data and manifest, while it creates the manifest or writes
/// the hint), again and again on the same lake; after each kill this process reopens the lake as it is
/// (nothing is deleted or repaired), checks it, and commits on top of it.
/// </summary>
[Collection(DurabilityCollection.Name)]
public sealed partial class CrashSafetyTests(ITestOutputHelper output)
{
    private const int Kills = 30;
    private const int Seed = 20_250_817;
    private const int MinDelayMs = 20;
    private const int MaxDelayMs = 1500;
    private const int OldVersionsReadPerKill = 6;
    private const int MaxCommitsPerRun = 12;
    private const int MaxExtraDelayAfterCapMs = 40;
    private const string TableName = "events";
    private static readonly TimeSpan Generous = TimeSpan.FromMinutes(2);

    private static LakeOptions TestOptions() => new() { Author = CommitLoopModel.TestAuthor, EngineThreads = 1 };

    [Fact]
    public async Task KillingAWriterAtAnyInstant_KeepsEveryCommittedVersionIntact_AndTheTableWritable()
    {
        var folder = TempLake.NewFolder();
        try
        {
            var model = new CommitLoopModel();
            string tableId;
            await using (var lake = await Lake.CreateAsync(folder, TestOptions()))
            {
                var first = model.NextTestId;
                var table = await lake.CreateTableAsync(TableName, CommitPlan.Rows(first, CommitLoopModel.TestRows, CommitLoopModel.TestWriter));
                model.RecordTestAppend(table.Version, first);
                // The creation is the test's version 1, not a host commit: apply it now, so the first kill counts
                // only what the host committed on top of it.
                model.Apply((await table.ListVersionsAsync()).Single());
                await model.VerifyAsync(table);
                tableId = table.Id;
            }
            PlantCrashLeftovers(folder, tableId);
            var audit = new LakeFileAudit(folder, tableId);
            var rng = new Random(Seed);
            int unreported = 0, noCommit = 0, withScratch = 0;
            for (var kill = 0; kill < Kills; kill++)
            {
                var latestBefore = model.Version;
                var delay = rng.Next(MinDelayMs, MaxDelayMs + 1);
                var extra = rng.Next(0, MaxExtraDelayAfterCapMs + 1);
                var printed = await RunAndKillAsync(folder, delay, extra);

                // 1. The files as the kill left them.
                var files = audit.Check();
                if (files.ScratchFiles > 0) withScratch++;

                // 2. A fresh lake object sees exactly those versions, each with the content the history says.
                await using var lake = await Lake.OpenAsync(folder, TestOptions());
                var table = await lake.OpenTableAsync(TableName);
                var versions = await table.ListVersionsAsync();
                Assert.Equal(files.Versions, versions.Select(v => v.Version));
                Assert.Equal(versions[^1].Version, table.Version);
                var latest = versions[^1].Version;
                if (printed.Count > 0)
                    Assert.True(latest >= printed[^1].Version, $"the host reported version {printed[^1].Version} but the latest is {latest}");
                var newVersions = versions.Where(v => v.Version > latestBefore).ToList();
                Assert.All(newVersions, v => Assert.Equal(CommitPlan.HostAuthor, v.Author));
                var hostCommits = newVersions.Count;
                foreach (var v in versions.Where(v => v.Version > model.Version))
                {
                    model.Apply(v);
                    await model.VerifyAsync(await table.CheckoutAsync(v.Version));
                }
                foreach (var p in printed)
                {
                    Assert.True(model.StepOfVersion.TryGetValue(p.Version, out var step) && step == p.Step,
                        $"the host reported version {p.Version} as step {p.Step}, but the history has it as {(model.StepOfVersion.TryGetValue(p.Version, out var s) ? $"step {s}" : "no host step")}");
                }
                // At most the one commit in flight at the kill can be committed without having been reported.
                Assert.True(hostCommits - printed.Count is 0 or 1, $"the host committed {hostCommits} versions but reported {printed.Count}");
                if (hostCommits > printed.Count) unreported++;
                if (hostCommits == 0) noCommit++;

                // 3. Every committed version still opens; its files are byte-identical to when it was first read in full (the
                //    audit above), and a seeded sample of older versions is read in full again. (Reading every version after every
                //    kill would grow quadratically; the final check reads all of them.)
                var sample = versions.Where(v => v.Version <= latestBefore).OrderBy(_ => rng.Next()).Take(OldVersionsReadPerKill)
                    .Select(v => v.Version).ToHashSet();
                foreach (var v in versions)
                {
                    var old = await table.CheckoutAsync(v.Version);
                    Assert.Equal(v.RowCount, old.RowCount);
                    if (!sample.Contains(v.Version)) continue;
                    var batch = await old.ToBatchAsync();
                    Assert.True(batch.RowCount == v.RowCount, $"version {v.Version} read {batch.RowCount} rows; its manifest counts {v.RowCount}");
                }

                // 4. The next commit succeeds, on top of whatever the kill left behind.
                var firstId = model.NextTestId;
                var added = await table.AddAsync(CommitPlan.Rows(firstId, CommitLoopModel.TestRows, CommitLoopModel.TestWriter));
                Assert.Equal(latest + 1, added.Version);
                model.RecordTestAppend(added.Version, firstId);
                model.Apply(added);
                await model.VerifyAsync(await table.CheckoutAsync(added.Version));

                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"kill {kill,2}: after {delay,4} ms; host reported {printed.Count,2} commits; latest v{latest} ({model.RowCount} rows); " +
                    $"temp files {files.TempLeftovers}, orphan data files {files.OrphanDataFiles}, scratch files {files.ScratchFiles}"));
            }
            output.WriteLine($"{noCommit} of {Kills} kills landed before the host's first commit; {unreported} right after a commit the host " +
                $"had not reported yet; after {withScratch} the scratch folder held files.");
            await FinalCheckAsync(folder, audit, model);
        }
        finally
        {
            try { Directory.Delete(folder, recursive: true); }
            catch (IOException) { }
        }
    }

    /// <summary>
    /// Leaves what a kill during a manifest write and during a Parquet write leave behind (a half-written
    /// temporary manifest next to the versions, a truncated file in the scratch folder), so every check below
    /// also runs with them present, whatever the random kills happen to hit.
    /// </summary>
    private static void PlantCrashLeftovers(string folder, string tableId)
    {
        var versionDir = Path.Combine(folder, "tables", tableId, "v");
        var manifest = File.ReadAllBytes(Directory.GetFiles(versionDir, "*.json").Single());
        File.WriteAllBytes(Path.Combine(versionDir, $".tmp-{Guid.NewGuid():N}"), manifest[..(manifest.Length / 2)]);
        var scratch = Path.Combine(folder, "_scratch");
        Directory.CreateDirectory(scratch);
        File.WriteAllBytes(Path.Combine(scratch, "20250101000000000-00000000deadbeef.parquet"), "PAR1\0\0\0"u8.ToArray());
    }

    /// <summary>Removes what the kills orphaned (cleanup, grace period zero, all versions kept), then replays and verifies the whole history.</summary>
    private async Task FinalCheckAsync(string folder, LakeFileAudit audit, CommitLoopModel model)
    {
        await using var lake = await Lake.OpenAsync(folder, TestOptions());
        var table = await lake.OpenTableAsync(TableName);
        var cleanup = await table.CleanupAsync(new CleanupOptions { KeepVersions = int.MaxValue, OrphanGracePeriod = TimeSpan.Zero });
        Assert.Equal(0, cleanup.VersionsRemoved);
        var files = audit.Check();
        Assert.Equal(0, files.OrphanDataFiles);
        output.WriteLine($"cleanup removed {cleanup.FilesRemoved} orphaned data files; {files.Versions.Count} versions kept");

        var replay = model.Replay();
        var versions = await table.ListVersionsAsync();
        Assert.Equal(model.Version, versions[^1].Version);
        foreach (var v in versions)
        {
            replay.Apply(v);
            await replay.VerifyAsync(await table.CheckoutAsync(v.Version));
        }
    }

    /// <summary>
    /// Runs the host and kills it <paramref name="delayMs"/> after it is ready, or <paramref name="extraMs"/> after its
    /// <see cref="MaxCommitsPerRun"/>th commit if that comes first (a fast machine would otherwise grow the history, and
    /// the test's time, without bound). Returns the commits it reported.
    /// </summary>
    private static async Task<List<(long Version, long Step)>> RunAndKillAsync(string folder, int delayMs, int extraMs)
    {
        IReadOnlyList<string> lines;
        await using (var host = HostProcess.Start("commit-loop", folder, TableName, "100000"))
        {
            await host.WaitForLineAsync(l => l.StartsWith("ready ", StringComparison.Ordinal), Generous);
            using var stopWaiting = new CancellationTokenSource();
            var capped = host.WaitForLinesAsync(l => l.StartsWith("committed ", StringComparison.Ordinal), MaxCommitsPerRun, Generous, stopWaiting.Token);
            if (await Task.WhenAny(Task.Delay(delayMs), capped) == capped)
            {
                await capped; // rethrows if the host ended early
                await Task.Delay(extraMs);
            }
            else
            {
                await stopWaiting.CancelAsync();
                try { await capped; }
                catch (OperationCanceledException) { }
            }
            Assert.False(host.HasExited, $"the host stopped before it was killed: {host.Report()}");
            host.Kill();
            await host.WaitForExitAsync(Generous);
            lines = host.Lines;
        }
        var printed = new List<(long, long)>();
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            if (line.StartsWith("ready ", StringComparison.Ordinal)) continue;
            var m = CommittedLine().Match(line);
            if (!m.Success)
            {
                // The kill may cut the very last line short; anything else is a protocol error.
                Assert.True(i == lines.Count - 1, $"unexpected host output line '{line}'");
                continue;
            }
            printed.Add((long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), long.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture)));
        }
        for (var i = 1; i < printed.Count; i++)
            Assert.True(printed[i].Item1 > printed[i - 1].Item1, "the host reported versions out of order");
        return printed;
    }

    [GeneratedRegex("^committed ([0-9]+) step=([0-9]+) op=(append|delete|update|add_columns|compact)$")]
    private static partial Regex CommittedLine();
}
