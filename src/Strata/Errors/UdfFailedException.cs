namespace Strata;

/// <summary>A user's function failed (after any retries) under a fail-fast policy; the original exception is the inner exception.</summary>
public sealed class UdfFailedException : StrataException
{
    /// <summary>Creates the exception.</summary>
    public UdfFailedException(string udf, long? rowId, int attempts, Exception inner)
        : base($"UDF '{udf}' failed{(rowId is { } r ? $" on row {r}" : "")} after {attempts} attempt(s): {inner.GetType().Name}: {inner.Message}", inner)
    {
        Udf = udf;
        RowId = rowId;
        Attempts = attempts;
    }

    /// <summary>The UDF's name.</summary>
    public string Udf { get; }

    /// <summary>The stable row id of the failing row, when known.</summary>
    public long? RowId { get; }

    /// <summary>Attempts made.</summary>
    public int Attempts { get; }
}
