namespace Strata;

/// <summary>What merge-insert (upsert) does with matched and unmatched rows.</summary>
public sealed record MergeInsertOptions
{
    /// <summary>Update target rows whose keys match a source row with the source's values. Default true.</summary>
    public bool WhenMatchedUpdateAll { get; init; } = true;

    /// <summary>Insert source rows whose keys match no target row. Default true.</summary>
    public bool WhenNotMatchedInsertAll { get; init; } = true;

    /// <summary>Delete target rows whose keys match no source row. Default false.</summary>
    public bool WhenNotMatchedBySourceDelete { get; init; }

    /// <summary>Bad-vector handling for the source rows.</summary>
    public WriteOptions Write { get; init; } = WriteOptions.Default;
}
