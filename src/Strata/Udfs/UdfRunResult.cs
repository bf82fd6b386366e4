using Strata.Data;

namespace Strata.Udfs;

/// <summary>What one run of a UDF over a batch produced.</summary>
/// <param name="Columns">One column per output, as long as the input batch (rows not computed are null).</param>
/// <param name="Errors">Rows that failed and were skipped (row index in the batch, attempts, last exception).</param>
/// <param name="Retries">Failed attempts that were retried (row index, attempt, exception).</param>
/// <param name="Calls">How many times the user's function was invoked.</param>
internal sealed record UdfRunResult(Column[] Columns, IReadOnlyList<UdfRowError> Errors, IReadOnlyList<UdfRowError> Retries, long Calls);

/// <summary>A failed attempt on a row.</summary>
internal sealed record UdfRowError(int Row, int Attempt, Exception Exception);
