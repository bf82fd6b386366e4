namespace Strata;

/// <summary>Options of writes that take data (create, append, merge-insert).</summary>
public sealed record WriteOptions
{
    /// <summary>Handling of bad vectors. Default <see cref="BadVectorPolicy.Error"/>.</summary>
    public BadVectorPolicy OnBadVectors { get; init; } = BadVectorPolicy.Error;

    /// <summary>The value used by <see cref="BadVectorPolicy.Fill"/>. Default 0.</summary>
    public float FillValue { get; init; }

    /// <summary>Defaults.</summary>
    public static WriteOptions Default { get; } = new();
}
