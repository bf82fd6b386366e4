namespace Strata;

/// <summary>Options of <see cref="Table.CleanupAsync"/>.</summary>
public sealed record CleanupOptions
{
    /// <summary>Keep this many newest versions (at least 1). Tagged versions are always kept. Default 1.</summary>
    public int KeepVersions { get; init; } = 1;

    /// <summary>Also keep versions newer than this age. Default: none (only <see cref="KeepVersions"/> counts).</summary>
    public TimeSpan? KeepNewerThan { get; init; }

    /// <summary>
    /// Files that no version ever referenced (left by writes that crashed or lost) are deleted only when
    /// older than this, so a write still in flight is never harmed. Default 1 hour.
    /// </summary>
    public TimeSpan OrphanGracePeriod { get; init; } = TimeSpan.FromHours(1);
}
