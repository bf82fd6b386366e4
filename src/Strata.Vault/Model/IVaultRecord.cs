namespace Strata.Vault.Model;

/// <summary>A versioned vault metadata file.</summary>
internal interface IVaultRecord
{
    /// <summary>Format version of the file; readers reject versions they do not know.</summary>
    int FormatVersion { get; }
}
