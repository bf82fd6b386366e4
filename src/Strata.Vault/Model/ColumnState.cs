namespace Strata.Vault.Model;

/// <summary>Per column of an instance: what produced it and since when its values are unchanged.</summary>
internal sealed record ColumnState
{
    /// <summary>The builder that produces the column (null for externally written instances).</summary>
    public string? Builder { get; init; }

    /// <summary>Hash of everything the values depend on (builder YAML, code, upstream tokens).</summary>
    public required string Token { get; init; }

    /// <summary>The instance in which the values last changed (inherited from the origin while unchanged).</summary>
    public required string ChangedIn { get; init; }

    /// <summary>The table version in which the values last changed.</summary>
    public long ChangedInVersion { get; init; }

    /// <summary>True for artifact_string columns (paths relative to the artifact folder).</summary>
    public bool Artifact { get; init; }
}
