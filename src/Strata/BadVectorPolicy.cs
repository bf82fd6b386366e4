namespace Strata;

/// <summary>What to do with vectors (fixed-size list values) of the wrong length or containing NaN.</summary>
public enum BadVectorPolicy
{
    /// <summary>Fail the write with an error naming the column and row (default).</summary>
    Error,
    /// <summary>Leave the row out.</summary>
    Drop,
    /// <summary>Replace the vector with one of the right length filled with the fill value.</summary>
    Fill,
}
