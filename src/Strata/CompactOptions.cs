namespace Strata;

/// <summary>Options of <see cref="Table.CompactAsync"/>.</summary>
public sealed record CompactOptions
{
    /// <summary>Rows per output fragment. Default 1,048,576.</summary>
    public int TargetRowsPerFragment { get; init; } = 1 << 20;

    /// <summary>Rewrite fragments whose deleted share exceeds this. Default 0.1.</summary>
    public double MaxDeletedFraction { get; init; } = 0.1;
}
