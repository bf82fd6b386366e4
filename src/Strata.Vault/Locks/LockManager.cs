using System.Diagnostics;

namespace Strata.Vault.Locks;

/// <summary>
/// Shared and exclusive locks on vault tables and instances, safe across threads and OS processes on a local
/// folder. A conflicting request waits (polling with backoff) up to its wait, then fails with a
/// <see cref="StrataLockException"/> naming the holder. Locks of dead holders are reclaimed.
/// </summary>
/// <remarks>
/// Design: one lock-table file (<c>locks.json</c>) changed only under an OS file lock on <c>locks.guard</c>
/// (<see cref="FileShare.None"/>, retried). One create-new file per lock would make each single key atomic,
/// but a request here is all-or-nothing over several locks whose conflicts span keys (a table lock against
/// every instance lock of that table), which needs an atomic read-check-write of the whole set; a guarded table
/// gives that directly, and the kernel releases the guard when its process dies. The lock folder is local
/// and outside the vault's undo journal.
/// </remarks>
public sealed class LockManager
{
    private static readonly TimeSpan FirstPoll = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan MaxPoll = TimeSpan.FromMilliseconds(500);

    private readonly LockTable _table;
    private readonly TimeSpan _defaultWait;
    private readonly Func<LockHolder, bool> _isStale;

    /// <summary>Creates a manager over <paramref name="lockFolder"/> (created when missing).</summary>
    /// <param name="lockFolder">A local absolute folder, e.g. <c>&lt;lake&gt;/vault/locks</c>.</param>
    /// <param name="defaultWait">How long <see cref="AcquireAsync"/> waits for conflicting locks when no wait is given.</param>
    /// <param name="isStale">
    /// Decides whether another owner's lock is dead and may be reclaimed; the default is
    /// <see cref="IsHolderProcessDead"/>. Pass your own to keep, for example, the locks of a paused process.
    /// </param>
    /// <exception cref="StrataInvalidInputException">The folder is not absolute or the wait is negative.</exception>
    public LockManager(string lockFolder, TimeSpan defaultWait, Func<LockHolder, bool>? isStale = null)
    {
        if (string.IsNullOrWhiteSpace(lockFolder) || !Path.IsPathFullyQualified(lockFolder))
            throw new StrataInvalidInputException($"The lock folder must be an absolute local path, got '{lockFolder}'. Pass e.g. <lake>/vault/locks.");
        if (defaultWait < TimeSpan.Zero)
            throw new StrataInvalidInputException($"The default lock wait must not be negative, got {defaultWait}. Use TimeSpan.Zero to fail at once.");
        LockFolder = Path.GetFullPath(lockFolder);
        _table = new LockTable(LockFolder);
        _defaultWait = defaultWait;
        _isStale = isStale ?? IsHolderProcessDead;
    }

    /// <summary>The folder holding the lock table.</summary>
    public string LockFolder { get; }

    /// <summary>
    /// The default staleness test: the holder ran on this host and its OS process is gone, a zombie, or its
    /// pid now belongs to a process with a different start time. Holders on other hosts are never stale.
    /// </summary>
    public static bool IsHolderProcessDead(LockHolder holder)
    {
        ArgumentNullException.ThrowIfNull(holder);
        return string.Equals(holder.Host, OsProcessInfo.Host, StringComparison.OrdinalIgnoreCase)
            && !OsProcessInfo.IsAlive(holder.OsProcessId, holder.OsProcessStart);
    }

    /// <summary>
    /// Grants all of <paramref name="requests"/> to <paramref name="ownerProcessId"/> or none of them. Locks the
    /// same owner already holds never conflict (re-entrant), and the owner's existing locks are adopted by the
    /// calling OS process (so a process resumed in another OS process keeps them). Waits up to
    /// <paramref name="wait"/> (default: the manager's) while another owner holds a conflicting lock.
    /// </summary>
    /// <returns>A lease whose disposal releases exactly the locks granted here.</returns>
    /// <exception cref="StrataLockException">A conflicting lock was still held when the wait ran out; names the holder.</exception>
    /// <exception cref="StrataInvalidInputException">An empty owner or table id, an empty instance, or a negative wait.</exception>
    public async Task<LockLease> AcquireAsync(string ownerProcessId, IReadOnlyList<LockRequest> requests,
        TimeSpan? wait = null, CancellationToken cancellationToken = default)
    {
        Validate(ownerProcessId, requests);
        var limit = wait ?? _defaultWait;
        if (limit < TimeSpan.Zero)
            throw new StrataInvalidInputException($"The lock wait must not be negative, got {limit}. Use TimeSpan.Zero to fail at once.");
        var granted = requests.ToArray();
        var leaseId = Guid.NewGuid().ToString("N");
        var clock = Stopwatch.StartNew();
        var poll = FirstPoll;
        while (true)
        {
            var blocker = TryGrant(ownerProcessId, leaseId, granted, cancellationToken);
            if (blocker is null) return new LockLease(this, ownerProcessId, leaseId, granted);
            var left = limit - clock.Elapsed;
            if (left <= TimeSpan.Zero) throw new StrataLockException(blocker.Value.Holder, blocker.Value.Request, limit);
            var sleep = TimeSpan.FromTicks(Math.Min(left.Ticks, (long)(poll.Ticks * (0.75 + Random.Shared.NextDouble() / 2))));
            await Task.Delay(sleep, cancellationToken).ConfigureAwait(false);
            poll = TimeSpan.FromTicks(Math.Min(MaxPoll.Ticks, poll.Ticks * 2));
        }
    }

    /// <summary>The locks in force: every recorded lock whose holder is not stale, oldest first.</summary>
    public IReadOnlyList<LockHolder> List() =>
        _table.Read().Select(r => r.Holder).Where(h => !_isStale(h)).OrderBy(h => h.Since).ToList();

    /// <summary>Releases every lock of <paramref name="ownerProcessId"/> (all its leases); used by stop and revert.</summary>
    /// <returns>How many locks were released.</returns>
    public int ReleaseAll(string ownerProcessId)
    {
        if (string.IsNullOrWhiteSpace(ownerProcessId))
            throw new StrataInvalidInputException("The owner process id must not be empty. Pass the vault process id whose locks to release.");
        return Remove(r => string.Equals(r.Owner, ownerProcessId, StringComparison.Ordinal));
    }

    internal void ReleaseLease(string leaseId) => Remove(r => r.LeaseId == leaseId);

    private int Remove(Func<LockRecord, bool> match)
    {
        using var guard = _table.EnterGuard(CancellationToken.None);
        var locks = _table.Read();
        var removed = locks.RemoveAll(r => match(r));
        if (removed > 0) _table.Write(locks);
        return removed;
    }

    /// <summary>Under the guard: reclaims stale locks, adopts the owner's, and grants all requests or returns the first blocker.</summary>
    private (LockHolder Holder, LockRequest Request)? TryGrant(string owner, string leaseId, LockRequest[] requests, CancellationToken cancellationToken)
    {
        using var guard = _table.EnterGuard(cancellationToken);
        var locks = _table.Read();
        var changed = locks.RemoveAll(r => r.Owner != owner && _isStale(r.Holder)) > 0;
        for (var i = 0; i < locks.Count; i++)
        {
            var r = locks[i];
            if (r.Owner == owner && (r.OsPid != OsProcessInfo.CurrentId || r.OsStart != OsProcessInfo.CurrentStart || r.Host != OsProcessInfo.Host))
            {
                locks[i] = r with { OsPid = OsProcessInfo.CurrentId, OsStart = OsProcessInfo.CurrentStart, Host = OsProcessInfo.Host };
                changed = true;
            }
        }
        foreach (var request in requests)
            foreach (var held in locks)
                if (held.Owner != owner && LockConflicts.Conflict(held.Holder.Request, request))
                {
                    if (changed) _table.Write(locks);
                    return (held.Holder, request);
                }
        var now = DateTimeOffset.UtcNow;
        foreach (var request in requests)
            locks.Add(new LockRecord
            {
                LeaseId = leaseId,
                Owner = owner,
                OsPid = OsProcessInfo.CurrentId,
                OsStart = OsProcessInfo.CurrentStart,
                Host = OsProcessInfo.Host,
                Table = request.Table,
                Instance = request.Instance,
                Mode = request.Mode,
                Since = now,
            });
        if (changed || requests.Length > 0) _table.Write(locks);
        return null;
    }

    private static void Validate(string owner, IReadOnlyList<LockRequest> requests)
    {
        if (string.IsNullOrWhiteSpace(owner))
            throw new StrataInvalidInputException("The owner process id must not be empty. Pass the vault process id that takes the locks.");
        ArgumentNullException.ThrowIfNull(requests);
        foreach (var r in requests)
        {
            if (r is null)
                throw new StrataInvalidInputException("A lock request is null. Pass only LockRequest values.");
            if (string.IsNullOrWhiteSpace(r.Table))
                throw new StrataInvalidInputException($"A lock request has an empty table id ({r}). Pass the table's id.");
            if (r.Instance is not null && string.IsNullOrWhiteSpace(r.Instance))
                throw new StrataInvalidInputException($"A lock request has an empty instance ({r.Table}). Pass null to lock the whole table.");
            if (!Enum.IsDefined(r.Mode))
                throw new StrataInvalidInputException($"A lock request has an unknown mode {(int)r.Mode}. Use LockMode.Shared or LockMode.Exclusive.");
        }
    }
}
