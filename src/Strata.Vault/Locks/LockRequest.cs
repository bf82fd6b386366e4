namespace Strata.Vault.Locks;

/// <summary>One lock a vault process asks for: a whole table, or one instance (or version) of it.</summary>
/// <param name="Table">The table id (not its name, so a rename does not move the lock).</param>
/// <param name="Instance">An instance id or version name inside the table; <see langword="null"/> locks the whole table.</param>
/// <param name="Mode">Shared or exclusive.</param>
public sealed record LockRequest(string Table, string? Instance, LockMode Mode)
{
    /// <inheritdoc />
    public override string ToString() =>
        $"{(Mode == LockMode.Exclusive ? "exclusive" : "shared")} lock on {(Instance is null ? $"table '{Table}'" : $"instance '{Instance}' of table '{Table}'")}";
}
