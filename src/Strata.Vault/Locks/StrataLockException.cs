namespace Strata.Vault.Locks;

/// <summary>
/// A lock could not be granted within the wait because another vault process holds a conflicting one.
/// The message names the holder (vault process id, OS pid, host, since) and what to do.
/// </summary>
public sealed class StrataLockException : StrataException
{
    /// <summary>Creates the exception for <paramref name="requested"/>, blocked by <paramref name="holder"/> after <paramref name="waited"/>.</summary>
    public StrataLockException(LockHolder holder, LockRequest requested, TimeSpan waited)
        : base(BuildMessage(holder, requested, waited))
    {
        Holder = holder;
        Requested = requested;
    }

    /// <summary>The holder whose lock conflicts with the request.</summary>
    public LockHolder Holder { get; }

    /// <summary>The request that could not be granted.</summary>
    public LockRequest Requested { get; }

    private static string BuildMessage(LockHolder holder, LockRequest requested, TimeSpan waited) =>
        $"Could not take a {requested} within {waited.TotalSeconds:0.###} s: {holder}. " +
        $"Wait for vault process '{holder.OwnerProcessId}' to finish, stop it (StopProcessAsync(\"{holder.OwnerProcessId}\", force: true)), " +
        "or allow a longer lock wait (VaultOptions.LockWait).";
}
