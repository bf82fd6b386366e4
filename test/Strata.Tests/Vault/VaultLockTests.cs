using Strata.Vault;
using Strata.Vault.Locks;

namespace Strata.Tests.Vault;

/// <summary>Locks held by a running execute: other tables and reads work, a second execute of the table fails naming the holder.</summary>
public sealed class VaultLockTests
{
    [Fact]
    public async Task While_one_process_executes_a_table_others_work_but_a_second_execute_of_it_fails_with_a_lock_error()
    {
        using var entered = new SemaphoreSlim(0);
        using var release = new SemaphoreSlim(0);
        var blocking = 0;
        bool Hook(string step)
        {
            if (step == "execute_instance/build:words/row" && Volatile.Read(ref blocking) == 1 && Interlocked.Exchange(ref blocking, 2) == 1)
            {
                entered.Release();
                release.Wait(TimeSpan.FromSeconds(30));
            }
            return false;
        }
        await using var tv = await TempVault.CreateAsync(new VaultOptions { FailAtStep = Hook, LockWait = TimeSpan.FromMilliseconds(300) });
        await VaultFlowTests.BuildPipelineAsync(tv);
        await tv.Vault.CreateInstanceAsync("features", copy: true);
        await tv.Vault.CreateBuilderFileAsync("features", "words", text: VaultModules.Words(tv.Counter) + "\n# changed\n");
        Volatile.Write(ref blocking, 1);
        var first = Task.Run(() => tv.Vault.ExecuteInstanceAsync("features"));
        Assert.True(await entered.WaitAsync(TimeSpan.FromSeconds(30)));
        try
        {
            var error = await Assert.ThrowsAsync<StrataLockException>(() => tv.Vault.ExecuteInstanceAsync("features"));
            Assert.Contains("p-", error.Message, StringComparison.Ordinal); // names the holding process
            await tv.Vault.CreateTableAsync("other");                       // other tables work
            var (data, _) = await tv.Vault.GetDataFrameAsync("features");  // reads take no locks
            Assert.Equal(5, data.RowCount);
            Assert.NotEmpty(tv.Vault.Locks.List());
        }
        finally
        {
            release.Release();
        }
        await first;
        Assert.Empty(tv.Vault.Locks.List());
        Assert.Equal(2, (await tv.Vault.GetTableInstancesAsync("features")).Count);
    }
}
