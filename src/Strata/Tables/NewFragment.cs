using Strata.Format;

namespace Strata.Tables;

/// <summary>A fragment written by an operation, before it has an id (assigned at commit).</summary>
/// <param name="PhysicalRows">Rows in each of its files.</param>
/// <param name="Files">Its data files; column maps use field ids of the snapshot the operation read.</param>
/// <param name="HasExplicitRowIds">True when the first file carries <c>_rowid</c> (rows that keep their ids, e.g. updated rows).</param>
/// <param name="KeepRowIdStart">Contiguous row ids the rows already have (compaction); null to assign new ones.</param>
internal sealed record NewFragment(long PhysicalRows, IReadOnlyList<DataFileEntry> Files, bool HasExplicitRowIds, long? KeepRowIdStart = null);
