namespace Strata;

/// <summary>What a merge-insert did.</summary>
/// <param name="Version">The committed version (unchanged when nothing changed).</param>
/// <param name="Updated">Target rows updated.</param>
/// <param name="Inserted">Source rows inserted.</param>
/// <param name="Deleted">Target rows deleted (when not matched by source).</param>
public sealed record MergeResult(long Version, long Updated, long Inserted, long Deleted);
