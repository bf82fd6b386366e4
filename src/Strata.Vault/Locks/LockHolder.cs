namespace Strata.Vault.Locks;

/// <summary>A granted lock as recorded in the lock folder: who holds it, from which OS process, since when.</summary>
/// <param name="OwnerProcessId">The vault process id that owns the lock (re-entrant for that owner).</param>
/// <param name="OsProcessId">The operating-system process id that acquired (or last adopted) the lock.</param>
/// <param name="OsProcessStart">That OS process's start time, so a reused pid is not mistaken for the holder.</param>
/// <param name="Host">The machine name of that OS process.</param>
/// <param name="Table">The locked table id.</param>
/// <param name="Instance">The locked instance or version, or <see langword="null"/> for the whole table.</param>
/// <param name="Mode">Shared or exclusive.</param>
/// <param name="Since">When the lock was granted (UTC).</param>
public sealed record LockHolder(
    string OwnerProcessId,
    int OsProcessId,
    DateTimeOffset OsProcessStart,
    string Host,
    string Table,
    string? Instance,
    LockMode Mode,
    DateTimeOffset Since)
{
    /// <summary>The lock this holder has, as a request (for conflict checks and messages).</summary>
    public LockRequest Request => new(Table, Instance, Mode);

    /// <inheritdoc />
    public override string ToString() =>
        $"vault process '{OwnerProcessId}' (OS pid {OsProcessId} on host '{Host}', since {Since.UtcDateTime:yyyy-MM-dd HH:mm:ss.fff} UTC) holds a {Request}";
}
