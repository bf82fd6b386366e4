namespace Strata.Tables;

/// <summary>A data file written into the lake but not yet committed.</summary>
/// <param name="Path">Lake-relative path.</param>
/// <param name="Rows">Physical rows.</param>
/// <param name="SizeBytes">File size.</param>
/// <param name="ColumnNames">Column names inside the file.</param>
internal sealed record WrittenFile(string Path, long Rows, long SizeBytes, IReadOnlyList<string> ColumnNames);
