namespace Strata.Vault.Model;

/// <summary>The temporary (draft) instance of a version (<c>drafts/&lt;version&gt;/draft.json</c>).</summary>
internal sealed record DraftRecord : IVaultRecord
{
    public string Format { get; init; } = "strata-vault-draft";
    public int FormatVersion { get; init; } = 1;
    public required string Version { get; init; }
    public string? OriginId { get; init; }

    /// <summary>Table id of the origin instance (the same table unless an origin table was given).</summary>
    public string? OriginTableId { get; init; }
    public bool ExternalEdit { get; init; }
    public string Description { get; init; } = "";
    public required DateTimeOffset CreatedAt { get; init; }
    public string? ProcessId { get; init; }
}
