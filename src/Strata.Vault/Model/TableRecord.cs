namespace Strata.Vault.Model;

/// <summary>A vault table's flags and description (<c>vault/tables/&lt;tableId&gt;/table.json</c>).</summary>
internal sealed record TableRecord : IVaultRecord
{
    public string Format { get; init; } = "strata-vault-table";
    public int FormatVersion { get; init; } = 1;
    public required string TableId { get; init; }
    public required bool AllowMultipleArtifacts { get; init; }
    public required bool HasSideEffects { get; init; }
    public string Description { get; init; } = "";
    public required DateTimeOffset CreatedAt { get; init; }
    public required string Author { get; init; }

    /// <summary>True after DeleteTable: data and artifacts are gone, this record and the instance records stay.</summary>
    public bool Deleted { get; init; }
}
