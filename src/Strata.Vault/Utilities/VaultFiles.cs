namespace Strata.Vault.Utilities;

/// <summary>
/// Moves and removes whole vaults: <see cref="CompressAsync"/> packs a vault folder into one archive
/// <c>&lt;vaultPath&gt;.tar.gz</c>, <see cref="DecompressAsync"/> restores it byte for byte, and
/// <see cref="DeleteAsync"/> removes a vault folder (only one that is a Strata lake).
/// </summary>
/// <remarks>
/// Archive format: a POSIX pax tar (System.Formats.Tar) compressed with gzip. Entries are the vault's
/// folders and regular files, relative to the vault folder, '/'-separated, in ordinal order (so the same
/// folder gives the same entry list); each keeps its Unix mode and modification time (pax keeps sub-second
/// times). Empty folders are kept as folder entries. Symbolic links, devices and other special files are
/// refused on both sides, so an archive can only ever create plain files and folders inside its target.
/// TableVault's LZMA presets 1–9 map one to one onto zlib's levels 1–9 (1 fastest, 9 smallest; 6, zlib's
/// own default, is the default here too). gzip is used because .NET ships it with a numeric level; xz is not
/// in the base library.
/// </remarks>
public static partial class VaultFiles
{
    /// <summary>The marker file every Strata lake (and so every vault) has at its root.</summary>
    public const string LakeMarkerFile = "_strata_lake.json"; // Strata's LakeMarkerFile (internal there)

    /// <summary>The file name extension of vault archives, after <c>.tar</c>.</summary>
    public const string CompressionExtension = "gz";

    /// <summary>The archive a vault at <paramref name="vaultPath"/> compresses to: <c>&lt;vaultPath&gt;.tar.gz</c>.</summary>
    /// <exception cref="StrataInvalidInputException">The path is empty or names a file-system root.</exception>
    public static string ArchivePath(string vaultPath) => NormalizeVaultPath(vaultPath) + ".tar." + CompressionExtension;

    private static string NormalizeVaultPath(string vaultPath)
    {
        if (string.IsNullOrWhiteSpace(vaultPath))
            throw new StrataInvalidInputException("The vault path must not be empty. Pass the vault's folder.");
        string full;
        try { full = Path.GetFullPath(vaultPath); }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new StrataInvalidInputException($"'{vaultPath}' is not a valid path ({e.Message}). Pass the vault's folder.", e);
        }
        var trimmed = Path.TrimEndingDirectorySeparator(full);
        if (Path.GetPathRoot(trimmed) is { } root && string.Equals(Path.TrimEndingDirectorySeparator(root), trimmed, StringComparison.Ordinal))
            throw new StrataInvalidInputException($"'{vaultPath}' is a file-system root, not a vault folder. Pass the vault's own folder.");
        return trimmed;
    }

    /// <summary>True for a real folder (not a link) that holds a regular-file lake marker.</summary>
    private static bool IsLakeFolder(string folder)
    {
        var dir = new DirectoryInfo(folder);
        if (!dir.Exists || dir.LinkTarget is not null) return false;
        var marker = new FileInfo(Path.Combine(folder, LakeMarkerFile));
        return marker.Exists && marker.LinkTarget is null;
    }
}
