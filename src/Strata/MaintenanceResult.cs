namespace Strata;

/// <summary>What compaction or cleanup did.</summary>
/// <param name="Version">The table version afterwards.</param>
/// <param name="FragmentsRemoved">Fragments rewritten (compaction).</param>
/// <param name="FragmentsAdded">Fragments written (compaction).</param>
/// <param name="VersionsRemoved">Manifests deleted (cleanup).</param>
/// <param name="FilesRemoved">Data files deleted (cleanup).</param>
/// <param name="BytesRemoved">Bytes freed (cleanup).</param>
public sealed record MaintenanceResult(long Version, int FragmentsRemoved, int FragmentsAdded, int VersionsRemoved, int FilesRemoved, long BytesRemoved);
