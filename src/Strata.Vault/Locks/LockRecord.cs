using System.Text.Json.Serialization;

namespace Strata.Vault.Locks;

/// <summary>One granted lock in <c>locks.json</c>: the holder plus the lease that granted it.</summary>
internal sealed record LockRecord
{
    /// <summary>The lease (one <see cref="LockManager.AcquireAsync"/> call) that granted this lock.</summary>
    public required string LeaseId { get; init; }
    public required string Owner { get; init; }
    public required int OsPid { get; init; }
    public required DateTimeOffset OsStart { get; init; }
    public required string Host { get; init; }
    public required string Table { get; init; }
    public string? Instance { get; init; }
    public required LockMode Mode { get; init; }
    public required DateTimeOffset Since { get; init; }

    [JsonIgnore]
    public LockHolder Holder => new(Owner, OsPid, OsStart, Host, Table, Instance, Mode, Since);
}
