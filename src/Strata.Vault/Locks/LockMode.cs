namespace Strata.Vault.Locks;

/// <summary>How a lock may be shared with other vault processes.</summary>
public enum LockMode
{
    /// <summary>Compatible with other shared locks on the same table or instance.</summary>
    Shared,

    /// <summary>Compatible with nothing another owner holds on the same table or instance.</summary>
    Exclusive,
}
