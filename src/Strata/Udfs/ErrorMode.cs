namespace Strata.Udfs;

/// <summary>What a failing row does to a backfill once retries (if any) are used up.</summary>
public enum ErrorMode
{
    /// <summary>Fail the job at the first error (the default); committed fragments stay.</summary>
    FailFast,
    /// <summary>Leave the row null, record the error, go on.</summary>
    Skip,
}
