using Strata.Vault.Locks;

namespace Strata.TestHost;

/// <summary>The lock tests' child process: holds a vault lock from another OS process until told or killed.</summary>
public static class LockHostMode
{
    public static async Task HoldAsync(string folder, string owner, string table, string instance, string mode, string releaseFile)
    {
        var manager = new LockManager(folder, TimeSpan.FromSeconds(30));
        var request = new LockRequest(table, instance == "-" ? null : instance,
            mode == "exclusive" ? LockMode.Exclusive : mode == "shared" ? LockMode.Shared : throw new ArgumentException($"unknown mode {mode}"));
        var lease = await manager.AcquireAsync(owner, [request]);
        Console.WriteLine($"locked {Environment.ProcessId}");
        Console.Out.Flush();
        while (!File.Exists(releaseFile))
            await Task.Delay(20);
        await lease.DisposeAsync();
        Console.WriteLine("released");
        Console.Out.Flush();
    }
}
