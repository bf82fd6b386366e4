using System.Globalization;
using Strata.Jobs;
using Strata.TestHost;
using Xunit.Abstractions;
using static Strata.Tests.Durability.BackfillCrashLake;

namespace Strata.Tests.Durability;

/// <summary>
/// Crash-resume of backfills: a host process backfills a UDF column (6 fragments of 1,000 rows, 2 workers, checkpoints
/// of 50 rows, a commit per fragment) and is SIGKILLed mid-batch, mid-checkpoint-write, right after a checkpoint,
/// mid-commit, right after a commit, at 90% and at seeded random instants; then a host resumes the job with the same
/// id. After every kill a fresh lake object opens the lake and reads every committed version (each value present is
/// the function's); the resumed run completes, the column equals what an uninterrupted run computes (the UDF is a pure
/// function, so every value is checked against it), and the work redone is counted through the calls file (one line
/// per UDF call, written through by the host): each kill wasted at most one checkpoint slice per worker, and the
/// total is exactly every row once plus that waste.
/// </summary>
[Collection(DurabilityCollection.Name)]
public sealed class BackfillCrashTests(ITestOutputHelper output)
{
    private const int RandomKills = 5;
    private const int RandomSeed = 20_250_907;
    private const int RandomMinDelayMs = 50;
    private const int RandomMaxDelayMs = 3000;
    private const int SlowCallMicroseconds = 1000;
    private static readonly TimeSpan Generous = TimeSpan.FromMinutes(2);

    private const int Slices = Rows / BackfillWorkload.CheckpointSize;

    [Fact]
    public async Task UninterruptedRun_ComputesEveryRowOnce_AndARerunWithTheSameJobIdDoesNothing()
    {
        await using var l = await CreateAsync("bf-uninterrupted");
        var first = await l.RunToCompletionAsync();
        Assert.Equal((Rows, 0L, Rows), first.Done);
        Assert.Equal(Rows / RowsPerFragment, first.Committed.Count);
        Assert.Equal(Slices, first.Checkpoints.Count);
        var state = await l.CheckAsync(first, killed: false);
        Assert.Equal(Rows / RowsPerFragment, state.CommittedFragments);
        Assert.Equal(Rows, state.Calls);
        Assert.Equal(Rows, l.CallIds().Distinct().Count());
        Assert.Equal(JobStatus.Done, state.JobStatus);
        Assert.Equal(0, state.CheckpointFiles);

        await RerunDoesNothingAsync(l, state);
    }

    /// <summary>
    /// One kill at a chosen point (a stall the host announces and then holds, so the kill lands exactly there; or the
    /// 7th <c>checkpoint</c> line), then a resume with the same job id.
    /// </summary>
    [Theory]
    [InlineData("mid-batch", "call:before:30")]
    [InlineData("mid-checkpoint-write", "checkpoint:before:7")]
    [InlineData("right-after-a-checkpoint", null)]
    [InlineData("mid-commit", "data:after:1")]
    [InlineData("right-after-a-commit", "manifest:after:1")]
    [InlineData("at-90-percent", "checkpoint:before:109")]
    public async Task KilledAtAPoint_ResumedWithTheSameJobId_EqualsAnUninterruptedRun_AndRedoesAtMostTheSlicesInFlight(string point, string? stall)
    {
        await using var l = await CreateAsync("bf-" + point);
        HostOutputLines printed;
        // Without a stall the kill follows a line the test reads: slow the calls (~1 ms) so the host is still mid-work then.
        await using (var host = l.StartHost(stall, callDelayMicroseconds: stall is null ? SlowCallMicroseconds : 0))
        {
            await host.WaitForLineAsync(s => s == "ready", Generous);
            if (stall is null) await host.WaitForLinesAsync(s => s.StartsWith("checkpoint ", StringComparison.Ordinal), 7, Generous);
            else await host.WaitForLineAsync(s => s.StartsWith("stall ", StringComparison.Ordinal), Generous);
            printed = await l.KillAsync(host);
        }
        var state = await l.CheckAsync(printed, killed: true);
        output.WriteLine($"{point}: killed at '{printed.Stall ?? $"checkpoint line {printed.Checkpoints.Count}"}': version {state.Version}, " +
            $"{state.CommittedFragments} fragments committed, {state.CheckpointFiles} checkpoint files ({state.PendingCheckpoints} of uncommitted fragments), " +
            $"{state.Calls} calls, {state.Wasted} wasted, job {state.JobStatus}");
        // The job was planned (it made calls) and never finished: its record is Running — stale, and that is fine.
        Assert.Equal(JobStatus.Running, state.JobStatus);
        switch (point)
        {
            case "mid-batch":
                // The 30th call and every later one block unrecorded: no slice of 50 can have been finished.
                Assert.InRange(state.Calls, 1, 29);
                Assert.Equal(0, state.CheckpointFiles);
                Assert.Equal(0, state.CommittedFragments);
                break;
            case "mid-checkpoint-write":
                Assert.True(state.PendingCheckpoints >= 1, "no checkpoint survived the kill");
                Assert.Equal(0, state.CommittedFragments);
                break;
            case "right-after-a-checkpoint":
                Assert.True(state.PendingCheckpoints >= 7 || state.CommittedFragments > 0, "checkpoints the host reported did not survive the kill");
                break;
            case "mid-commit":
                // The first fragment's column file is in place, its manifest is not: nothing committed, its checkpoints kept.
                Assert.Equal(2, state.Version);
                Assert.Equal(0, state.CommittedFragments);
                Assert.True(state.PendingCheckpoints >= RowsPerFragment / BackfillWorkload.CheckpointSize);
                break;
            case "right-after-a-commit":
                Assert.Equal(3, state.Version);
                Assert.Equal(1, state.CommittedFragments);
                break;
            case "at-90-percent":
                Assert.True(state.CommittedFragments * RowsPerFragment + state.PendingCheckpoints * BackfillWorkload.CheckpointSize >= Rows * 9 / 10 - InFlightPerKill);
                break;
        }

        var (resumed, _) = await ResumeAsync(l, state);
        if (point == "at-90-percent")
        {
            // The benchmark's claim in miniature: resuming at 90% costs about a tenth of the work, not a full run.
            Assert.True(resumed.Done!.Value.Calls <= Rows / 10 + InFlightPerKill, $"the resume after a kill at 90% made {resumed.Done.Value.Calls} calls");
        }
    }

    /// <summary>
    /// After a kill between a backfill commit and the deletion of that fragment's checkpoints, the checkpoints are
    /// still removed: by the resumed job (the design: "checkpoints of committed fragments are deleted"), or at the
    /// latest by a cleanup.
    /// </summary>
    [Fact]
    public async Task KilledRightAfterACommit_NoCheckpointFilesAreLeftBehind()
    {
        await using var l = await CreateAsync("bf-stale-checkpoints");
        HostOutputLines printed;
        await using (var host = l.StartHost("manifest:after:1"))
        {
            await host.WaitForLineAsync(s => s.StartsWith("stall ", StringComparison.Ordinal), Generous);
            printed = await l.KillAsync(host);
        }
        var state = await l.CheckAsync(printed, killed: true);
        Assert.Equal(1, state.CommittedFragments);
        Assert.True(state.CheckpointFiles - state.PendingCheckpoints == RowsPerFragment / BackfillWorkload.CheckpointSize,
            "the kill did not land between the commit and the deletion of its checkpoints");
        await ResumeAsync(l, state);
        await using (var lake = await Lake.OpenAsync(l.LakeFolder, TestOptions()))
        {
            var table = await lake.OpenTableAsync(TableName);
            await table.CleanupAsync(new CleanupOptions { KeepVersions = int.MaxValue, OrphanGracePeriod = TimeSpan.Zero });
        }
        var left = l.CheckpointFiles();
        Assert.True(left.Count == 0,
            $"{left.Count} checkpoint files of fragment(s) {string.Join(", ", left.Select(c => c.Fragment).Distinct())} are left after the job completed and a cleanup");
    }


    /// <summary>Kills at seeded random instants (UDF calls slowed to ~1 ms so they land mid-work), each run resuming the last; then a resume to the end.</summary>
    [Fact]
    public async Task KilledAtRandomInstants_EachRunResumingTheLast_EqualsAnUninterruptedRun_AndEachKillWastesAtMostTheSlicesInFlight()
    {
        await using var l = await CreateAsync("bf-random");
        var rng = new Random(RandomSeed);
        var state = await l.CheckAsync(HostOutputLines.Parse([]), killed: false);
        var finishedEarly = false;
        for (var round = 0; round < RandomKills && !finishedEarly; round++)
        {
            var delay = rng.Next(RandomMinDelayMs, RandomMaxDelayMs + 1);
            HostOutputLines printed;
            await using (var host = l.StartHost(callDelayMicroseconds: SlowCallMicroseconds))
            {
                await host.WaitForLineAsync(s => s == "ready", Generous);
                var done = host.WaitForLineAsync(s => s.StartsWith("done ", StringComparison.Ordinal), Generous);
                await Task.WhenAny(Task.Delay(delay), done);
                printed = await l.KillAsync(host, mayHaveFinished: true); // a later run has less to do, and may finish first
                finishedEarly = printed.Done is not null;
                try { await done; }
                catch (InvalidOperationException) { } // the killed host's output ended without "done"
            }
            var before = state;
            state = await l.CheckAsync(printed, killed: !finishedEarly);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"round {round}: {(finishedEarly ? "finished" : "killed")} after {delay,4} ms: version {state.Version}, {state.CommittedFragments} fragments committed, " +
                $"{state.PendingCheckpoints} checkpoints pending, {state.Calls - before.Calls} calls this run, {state.Wasted} wasted, job {state.JobStatus?.ToString() ?? "absent"}"));
            if (!finishedEarly)
                Assert.True(state.JobStatus is null or JobStatus.Pending or JobStatus.Running or JobStatus.Done, $"job status {state.JobStatus} after a kill");
        }
        output.WriteLine($"{l.Kills} kills, {l.Wasted} calls wasted in all");
        var final = finishedEarly ? state : (await ResumeAsync(l, state)).State;
        await RerunDoesNothingAsync(l, final);
    }

    /// <summary>
    /// Resumes the job with the same id, to the end, and checks: <c>done</c>; the rows it took from checkpoints are
    /// exactly the checkpointed slices of uncommitted fragments (so more than none when there were any); it computed the
    /// rest, once each; the column equals the function for every row (<see cref="BackfillCrashLake.CheckAsync"/>); the job
    /// is Done; and over all runs every row was computed once plus what the kills wasted, each at most the slices in flight.
    /// </summary>
    private async Task<(HostOutputLines Printed, LakeState State)> ResumeAsync(BackfillCrashLake l, LakeState before)
    {
        var printed = await l.RunToCompletionAsync();
        var (computed, fromCheckpoints, calls) = printed.Done!.Value;
        var after = await l.CheckAsync(printed, killed: false);
        output.WriteLine($"resume: done {computed} {fromCheckpoints} {calls}; version {after.Version}; {after.CheckpointFiles} checkpoint files left");
        Assert.Equal(after.Calls - before.Calls, calls);
        Assert.Equal(calls, computed);
        Assert.Equal((long)before.PendingCheckpoints * BackfillWorkload.CheckpointSize, fromCheckpoints);
        if (before.PendingCheckpoints > 0) Assert.True(fromCheckpoints > 0);
        Assert.Equal(Rows - (long)before.CommittedFragments * RowsPerFragment, computed + fromCheckpoints);
        Assert.Equal(Rows / RowsPerFragment, after.CommittedFragments);
        Assert.Equal(JobStatus.Done, after.JobStatus);

        var ids = l.CallIds();
        Assert.Equal(Rows, ids.Distinct().Count());
        Assert.Equal(Rows + l.Wasted, ids.Count);
        Assert.True(ids.Count <= Rows + (long)l.Kills * InFlightPerKill,
            $"{ids.Count} UDF calls over {l.Kills} kills and a resume; at most {Rows} + {l.Kills} × {InFlightPerKill} may be made");
        Assert.Equal(0, after.PendingCheckpoints);
        // Checkpoints of the fragments this run committed are gone; those of fragments committed before it may be left
        // (see KilledRightAfterACommit_NoCheckpointFilesAreLeftBehind).
        Assert.True(after.CheckpointFiles <= before.CheckpointFiles - before.PendingCheckpoints,
            $"{after.CheckpointFiles} checkpoint files are left after the job completed; before it resumed, {before.CheckpointFiles - before.PendingCheckpoints} belonged to committed fragments");
        return (printed, after);
    }

    /// <summary>A rerun of a completed job (same id) makes no calls and commits nothing; the job stays Done.</summary>
    private static async Task RerunDoesNothingAsync(BackfillCrashLake l, LakeState completed)
    {
        var again = await l.RunToCompletionAsync();
        Assert.Equal((0L, 0L, 0L), again.Done);
        Assert.Empty(again.Committed);
        var state = await l.CheckAsync(again, killed: false);
        Assert.Equal(completed.Version, state.Version);
        Assert.Equal(completed.Calls, state.Calls);
        Assert.Equal(JobStatus.Done, state.JobStatus);
    }
}
