namespace Strata.Vault.Utilities;

/// <summary>What <see cref="VaultTree"/> shows (TableVault's <c>get_file_tree</c> parameters).</summary>
public sealed record VaultTreeOptions
{
    /// <summary>Show only this table (by name). Default: every table.</summary>
    public string? TableName { get; init; }

    /// <summary>Show only this table (by id); may be combined with <see cref="TableName"/> if both name the same table.</summary>
    public string? TableId { get; init; }

    /// <summary>Show only this materialized instance (its record and artifact folder). Default: every instance and the drafts.</summary>
    public string? InstanceId { get; init; }

    /// <summary>Show the stored code modules (<c>vault/modules/*.cs</c>). Default true.</summary>
    public bool CodeFiles { get; init; } = true;

    /// <summary>Show the drafts' builder files (<c>drafts/&lt;version&gt;/builders/*.yaml</c>). Default true.</summary>
    public bool BuilderFiles { get; init; } = true;

    /// <summary>Show the JSON records (<c>table.json</c>, <c>draft.json</c>, <c>instances/&lt;id&gt;.json</c>). Default false.</summary>
    public bool MetadataFiles { get; init; }

    /// <summary>Show the artifact folders and their contents. Default false.</summary>
    public bool ArtifactFiles { get; init; }
}
