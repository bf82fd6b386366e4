namespace Strata.Vault.Locks;

/// <summary>The persisted lock table: <c>&lt;lockFolder&gt;/locks.json</c>.</summary>
internal sealed record LockTableFile
{
    public const string FormatName = "strata.vault.locks";
    public const int CurrentVersion = 1;

    public string Format { get; init; } = FormatName;
    public int FormatVersion { get; init; } = CurrentVersion;
    public List<LockRecord> Locks { get; init; } = [];
}
