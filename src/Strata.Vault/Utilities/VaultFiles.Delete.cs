namespace Strata.Vault.Utilities;

public static partial class VaultFiles
{
    /// <summary>
    /// Deletes the vault folder <paramref name="vaultPath"/> and everything in it. Only a real folder holding
    /// the lake marker <c>_strata_lake.json</c> is deleted; links inside are removed as links, never followed.
    /// </summary>
    /// <param name="vaultPath">The vault folder.</param>
    /// <param name="cancellationToken">Checked before the deletion starts.</param>
    /// <exception cref="StrataNotFoundException">Nothing exists at <paramref name="vaultPath"/>.</exception>
    /// <exception cref="StrataInvalidInputException">The path is a file, a link, or a folder that is not a lake.</exception>
    public static Task DeleteAsync(string vaultPath, CancellationToken cancellationToken = default)
    {
        var root = NormalizeVaultPath(vaultPath);
        var dir = new DirectoryInfo(root);
        if (dir.LinkTarget is not null || new FileInfo(root).LinkTarget is not null)
            throw new StrataInvalidInputException($"'{root}' is a symbolic link; DeleteAsync never follows links. Pass the vault folder itself.");
        if (!dir.Exists)
            throw File.Exists(root)
                ? new StrataInvalidInputException($"'{root}' is a file, not a vault folder. Nothing was deleted.")
                : new StrataNotFoundException($"The vault folder '{root}' does not exist. Check the path.");
        if (!IsLakeFolder(root))
            throw new StrataInvalidInputException($"'{root}' is not a Strata lake (no {LakeMarkerFile}); refusing to delete it. Delete it by other means if you are sure.");
        cancellationToken.ThrowIfCancellationRequested();
        DeleteTree(dir);
        return Task.CompletedTask;
    }

    /// <summary>Removes a folder bottom-up; a link (to a file or folder) is deleted itself, its target is untouched.</summary>
    private static void DeleteTree(DirectoryInfo dir)
    {
        if (!dir.Exists) return;
        foreach (var item in dir.EnumerateFileSystemInfos("*", new EnumerationOptions { AttributesToSkip = 0, RecurseSubdirectories = false }))
        {
            if (item is DirectoryInfo sub && sub.LinkTarget is null)
            {
                if (!OperatingSystem.IsWindows()) EnsureWritable(sub);
                DeleteTree(sub);
            }
            else
            {
                // Unix needs no write permission on the file itself; setting attributes there would chmod a link's target.
                if (OperatingSystem.IsWindows() && item.LinkTarget is null) item.Attributes &= ~FileAttributes.ReadOnly;
                item.Delete(); // for a link: removes the link only
            }
        }
        dir.Delete(recursive: false);
    }

    // A folder whose mode lacks write or execute for its owner cannot have its entries removed.
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static void EnsureWritable(DirectoryInfo dir)
    {
        const UnixFileMode needed = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        if ((dir.UnixFileMode & needed) != needed) dir.UnixFileMode |= needed;
    }
}
