namespace Strata.Vault.Model;

/// <summary>The file that makes a lake a vault (<c>vault/vault.json</c>).</summary>
internal sealed record VaultMarker : IVaultRecord
{
    public string Format { get; init; } = "strata-vault";
    public int FormatVersion { get; init; } = 1;
    public required DateTimeOffset CreatedAt { get; init; }
    public required string Author { get; init; }
    public string? Description { get; init; }
}
