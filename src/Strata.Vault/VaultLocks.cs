using Strata.Vault.Locks;

namespace Strata.Vault;

/// <summary>
/// The vault's use of the cross-process <see cref="LockManager"/> (lock table in <c>vault/locks</c>, outside the undo
/// journal): mutating operations take an exclusive lock on the table, or on one version of it (a table with side
/// effects is always locked whole); reads take none. A lock lives as long as its process: released when the process
/// finishes or is reverted or stopped, kept while it is paused, reclaimed when its OS process died and the process
/// is not paused.
/// </summary>
internal sealed class VaultLocks
{
    private readonly Vault _vault;
    private readonly LockManager _manager;

    public VaultLocks(Vault vault)
    {
        _vault = vault;
        _manager = new LockManager(vault.LocalPath(VaultPaths.Locks), vault.Options.LockWait, IsStale);
    }

    /// <summary>Locks currently held, for diagnostics and tests.</summary>
    public IReadOnlyList<LockHolder> List() => _manager.List();

    /// <summary>Takes an exclusive lock on a table (or one of its versions) for a process; released when the process ends.</summary>
    /// <exception cref="StrataLockException">Another process holds it past <see cref="VaultOptions.LockWait"/>.</exception>
    public async Task AcquireTableAsync(string processId, string tableId, string? version, CancellationToken ct)
    {
        // the lease is not disposed here: the process's locks are released all at once by ReleaseAll
        _ = await _manager.AcquireAsync(processId, [new LockRequest(tableId, version, LockMode.Exclusive)], null, ct).ConfigureAwait(false);
    }

    /// <summary>Releases every lock of a process.</summary>
    public void ReleaseAll(string processId) => _manager.ReleaseAll(processId);

    private bool IsStale(LockHolder holder)
    {
        if (!LockManager.IsHolderProcessDead(holder)) return false;
        var record = _vault.Processes.TryRead(holder.OwnerProcessId);
        return record is null || record.IsFinished || !record.CallerId;
    }
}
