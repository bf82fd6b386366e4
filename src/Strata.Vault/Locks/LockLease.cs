namespace Strata.Vault.Locks;

/// <summary>
/// The locks granted by one <see cref="LockManager.AcquireAsync"/> call. Disposing releases exactly those
/// locks (other leases of the same owner keep theirs); disposing twice does nothing.
/// </summary>
public sealed class LockLease : IAsyncDisposable, IDisposable
{
    private readonly LockManager _manager;
    private int _released;

    internal LockLease(LockManager manager, string ownerProcessId, string leaseId, IReadOnlyList<LockRequest> locks)
    {
        _manager = manager;
        OwnerProcessId = ownerProcessId;
        LeaseId = leaseId;
        Locks = locks;
    }

    /// <summary>The vault process that owns these locks.</summary>
    public string OwnerProcessId { get; }

    /// <summary>The locks this lease granted.</summary>
    public IReadOnlyList<LockRequest> Locks { get; }

    internal string LeaseId { get; }

    /// <summary>Releases this lease's locks.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
            _manager.ReleaseLease(LeaseId);
    }

    /// <summary>Releases this lease's locks.</summary>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
