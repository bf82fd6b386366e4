namespace Strata.Vault.Model;

/// <summary>A materialized instance, for fast listing (<c>instances/&lt;instanceId&gt;.json</c>); its data is a table version.</summary>
internal sealed record InstanceRecord : IVaultRecord
{
    public string Format { get; init; } = "strata-vault-instance";
    public int FormatVersion { get; init; } = 1;
    public required string InstanceId { get; init; }
    public required string Version { get; init; }
    public required long TableVersion { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required string Author { get; init; }
    public string? ProcessId { get; init; }
    public bool Success { get; init; } = true;
    public bool Active { get; init; } = true;
    public bool Deleted { get; init; }
    public string Description { get; init; } = "";
    public string? OriginId { get; init; }
    public bool ExternalEdit { get; init; }
    public long Rows { get; init; }

    /// <summary>The artifact folder name under the table's artifacts (the instance id, or "current").</summary>
    public string? ArtifactFolder { get; init; }

    /// <summary>Inputs: (table name, table id, instance id), in that order always.</summary>
    public IReadOnlyList<DependencyRecord> Dependencies { get; init; } = [];

    /// <summary>Builder files of the instance (name → YAML text).</summary>
    public IReadOnlyDictionary<string, string> Builders { get; init; } = new Dictionary<string, string>();

    /// <summary>Per column state, by column name.</summary>
    public IReadOnlyDictionary<string, ColumnState> Columns { get; init; } = new Dictionary<string, ColumnState>();

    /// <summary>Per builder: the hash of its own YAML and code.</summary>
    public IReadOnlyDictionary<string, string> BuilderHashes { get; init; } = new Dictionary<string, string>();

    /// <summary>Primary key of the index builder, when it has one.</summary>
    public IReadOnlyList<string> PrimaryKey { get; init; } = [];
}
