namespace Strata.Vault.Locks;

/// <summary>
/// Which two locks of different owners cannot be held together (the relation is symmetric):
/// an exclusive table lock conflicts with any lock on that table or its instances; a shared table lock
/// conflicts with an exclusive table lock; an instance lock conflicts with an exclusive table lock and with
/// an exclusive lock on the same instance (two shared instance locks are compatible). Locks of the same owner
/// never conflict (re-entrancy); different tables never conflict.
/// </summary>
internal static class LockConflicts
{
    public static bool Conflict(LockRequest a, LockRequest b)
    {
        if (!string.Equals(a.Table, b.Table, StringComparison.Ordinal)) return false;
        if (IsTableExclusive(a) || IsTableExclusive(b)) return true;
        if (a.Instance is null || b.Instance is null) return false; // table-shared vs anything but table-exclusive
        return string.Equals(a.Instance, b.Instance, StringComparison.Ordinal)
            && (a.Mode == LockMode.Exclusive || b.Mode == LockMode.Exclusive);
    }

    private static bool IsTableExclusive(LockRequest r) => r.Instance is null && r.Mode == LockMode.Exclusive;
}
