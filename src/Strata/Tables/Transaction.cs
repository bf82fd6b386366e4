using Strata.Format;

namespace Strata.Tables;

/// <summary>
/// A change to a table, expressed so it can be re-applied on top of whatever version is latest when
/// it commits. <see cref="BuildAsync"/> receives the latest committed snapshot and returns the next
/// manifest's content (version numbers, time and author are filled in by the committer). It throws
/// <see cref="StrataConflictException"/> when a concurrent change makes it impossible to apply, and
/// may do work (write files) that it caches for the next attempt.
/// </summary>
internal abstract class Transaction
{
    /// <summary>The operation recorded in the version history.</summary>
    public abstract OperationRecord Operation { get; }

    /// <summary>The version the operation was planned against.</summary>
    public required long ReadVersion { get; init; }

    /// <summary>Builds the next manifest from <paramref name="latest"/>.</summary>
    public abstract Task<TableManifest> BuildAsync(TableSnapshot latest, CancellationToken ct);

    /// <summary>Files this transaction wrote that the committed version does not use (cleaned up after commit or failure).</summary>
    public virtual IEnumerable<string> UnusedFiles(TableManifest? committed) => [];
}
