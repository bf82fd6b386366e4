namespace Strata;

/// <summary>One page of table names from <see cref="Lake.ListTablesAsync"/>.</summary>
/// <param name="Names">Qualified table names, sorted.</param>
/// <param name="NextPageToken">Pass to get the next page; null on the last page.</param>
public sealed record TablePage(IReadOnlyList<string> Names, string? NextPageToken);
