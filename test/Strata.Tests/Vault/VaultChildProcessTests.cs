using System.Diagnostics;
using Strata.Data;
using Strata.Tests.Durability;
using Strata.Vault;

namespace Strata.Tests.Vault;

/// <summary>Vault processes in real child processes (test/Strata.TestHost): kill -9 during a row-wise builder, stop of a live process, background execution.</summary>
public sealed class VaultChildProcessTests
{
    private static async Task<TempVault> SlowTableAsync(int delayMs, VaultOptions? options = null)
    {
        var tv = await TempVault.CreateAsync(options);
        await tv.Vault.CreateCodeModuleAsync("slow", VaultModules.Slow);
        await tv.Vault.CreateTableAsync("rows");
        await tv.Vault.CreateInstanceAsync("rows");
        await tv.Vault.CreateBuilderFileAsync("rows", "rows_index", text: VaultModules.RandomIndex);
        await tv.Vault.CreateBuilderFileAsync("rows", "len", text: VaultModules.SlowLength(tv.Counter, delayMs));
        return tv;
    }

    private static Process StartExecute(TempVault tv, string processId)
    {
        var info = new ProcessStartInfo(TestHostPaths.Dotnet) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { TestHostPaths.Host, "vault-execute", tv.Folder, "rows", processId }) info.ArgumentList.Add(a);
        return Process.Start(info)!;
    }

    private static async Task WaitForCallsAsync(TempVault tv, int n, Process child)
    {
        var watch = Stopwatch.StartNew();
        while (tv.Calls("slow") < n)
        {
            if (child.HasExited) Assert.Fail("the child exited early: " + await child.StandardError.ReadToEndAsync());
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(90), "the child made no progress");
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task Kill_9_during_a_row_wise_builder_loses_at_most_the_rows_in_flight()
    {
        await using var tv = await SlowTableAsync(delayMs: 150);
        var id = tv.Vault.GenerateProcessId();
        using (var child = StartExecute(tv, id))
        {
            await WaitForCallsAsync(tv, 6, child);
            child.Kill(entireProcessTree: true);   // SIGKILL
            await child.WaitForExitAsync();
        }
        var before = tv.Calls("slow");
        Assert.InRange(before, 6, 29);
        var active = await tv.Vault.GetActiveProcessesAsync();
        Assert.False(active[id].Alive);
        // the dead child's process keeps its lock (it has a caller id, so it waits to be resumed or stopped)
        await tv.ReopenAsync(new VaultOptions { LockWait = TimeSpan.FromMilliseconds(200) });
        await Assert.ThrowsAsync<Strata.Vault.Locks.StrataLockException>(() => tv.Vault.ExecuteInstanceAsync("rows"));
        var progress = new List<VaultProgress>();
        await tv.Vault.ExecuteInstanceAsync("rows", progress: new SyncProgress(progress), processId: id); // resume with the same id
        lock (progress) Assert.Contains(progress, p => p is { Builder: "len", RowsTotal: 30, RowsDone: 30 }); // progress counts logged rows as done
        var total = tv.Calls("slow");
        Assert.InRange(total, 30, 30 + 2);                        // n_threads = 2 rows at most were in flight
        var (data, _) = await tv.Vault.GetDataFrameAsync("rows");
        Assert.Equal(30, data.RowCount);
        var len = (PrimitiveColumn<long>)data.Column("len");
        Assert.Equal(0, len.NullCount);
        Assert.All(Enumerable.Range(0, 30), i => Assert.Equal(12L, len[i]));
        Assert.Empty(await tv.Vault.GetActiveProcessesAsync());
        Assert.Empty(tv.Vault.Locks.List());
    }

    private sealed class SyncProgress(List<VaultProgress> sink) : IProgress<VaultProgress>
    {
        public void Report(VaultProgress value)
        {
            lock (sink) sink.Add(value);
        }
    }

    [Fact]
    public async Task Stop_refuses_a_live_process_and_with_force_kills_and_reverts_it()
    {
        await using var tv = await SlowTableAsync(delayMs: 100);
        var before = tv.Snapshot();
        var id = tv.Vault.GenerateProcessId();
        using var child = StartExecute(tv, id);
        await WaitForCallsAsync(tv, 3, child);
        await Assert.ThrowsAsync<StrataInvalidInputException>(() => tv.Vault.StopProcessAsync(id));
        await tv.Vault.StopProcessAsync(id, force: true);
        Assert.True(child.HasExited);
        Assert.Equal(before, tv.Snapshot());
        Assert.Empty(await tv.Vault.GetActiveProcessesAsync());
        Assert.Empty(tv.Vault.Locks.List());
    }

    [Fact]
    public async Task Background_execution_runs_in_another_process_and_materializes()
    {
        await using var tv = await SlowTableAsync(delayMs: 1, new VaultOptions { BackgroundCommand = [TestHostPaths.Dotnet, TestHostPaths.Host, "vault"] });
        var id = await tv.Vault.ExecuteInstanceAsync("rows", background: true);
        var watch = Stopwatch.StartNew();
        while (!await tv.Vault.GetProcessCompletionAsync(id))
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(90), "the background process did not finish");
            await Task.Delay(50);
        }
        var (data, instanceId) = await tv.Vault.GetDataFrameAsync("rows");
        Assert.Equal(30, data.RowCount);
        var table = await tv.Vault.Lake.OpenTableAsync("rows");
        Assert.Equal(instanceId, table.Snapshot.Manifest.InstanceId);
        Assert.Equal(id, table.Snapshot.Manifest.ProcessId);
        Assert.Equal(30, tv.Calls("slow"));
    }
}
