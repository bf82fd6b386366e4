using System.Formats.Tar;
using System.IO.Compression;

namespace Strata.Vault.Utilities;

public static partial class VaultFiles
{
    /// <summary>
    /// Restores the vault folder <paramref name="vaultPath"/> from <c>&lt;vaultPath&gt;.tar.gz</c>, with its
    /// files, empty folders, modes and modification times. The archive is extracted into a fresh sibling folder
    /// that is renamed into place only when every entry is in, so a bad archive leaves nothing behind.
    /// </summary>
    /// <param name="vaultPath">The vault folder to create (without the archive extension).</param>
    /// <param name="cancellationToken">Stops the work; the partial folder is removed.</param>
    /// <returns>The restored folder's full path.</returns>
    /// <exception cref="StrataNotFoundException">The archive <c>&lt;vaultPath&gt;.tar.gz</c> does not exist.</exception>
    /// <exception cref="StrataAlreadyExistsException">Something already exists at <paramref name="vaultPath"/>.</exception>
    /// <exception cref="StrataInvalidInputException">
    /// An entry would escape the target (an absolute path or <c>..</c>), is a link or special file, or is repeated.
    /// </exception>
    /// <exception cref="StrataCorruptDataException">The archive is not a readable gzip-compressed tar.</exception>
    public static async Task<string> DecompressAsync(string vaultPath, CancellationToken cancellationToken = default)
    {
        var root = NormalizeVaultPath(vaultPath);
        var archive = root + ".tar." + CompressionExtension;
        if (!File.Exists(archive))
            throw new StrataNotFoundException($"The vault archive '{archive}' does not exist. Compress the vault first, or check the path (pass the folder path without '.tar.{CompressionExtension}').");
        if (Directory.Exists(root) || File.Exists(root) || new FileInfo(root).LinkTarget is not null)
            throw new StrataAlreadyExistsException($"'{root}' already exists; decompressing never overwrites. Delete or move it first, or decompress elsewhere.");

        var staging = $"{root}.decompressing-{Guid.NewGuid():N}";
        Directory.CreateDirectory(staging);
        try
        {
            await ExtractAsync(archive, staging, cancellationToken).ConfigureAwait(false);
            Directory.Move(staging, root);
        }
        catch
        {
            DeleteTree(new DirectoryInfo(staging));
            throw;
        }
        return root;
    }

    private static async Task ExtractAsync(string archive, string target, CancellationToken cancellationToken)
    {
        // Folder times and modes are applied last, deepest first: writing into a folder changes its mtime,
        // and a read-only mode would stop the writes.
        var folders = new List<(string Path, DateTimeOffset Time, UnixFileMode Mode)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        await using var input = new FileStream(archive, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
        await using var gzip = new GZipStream(input, CompressionMode.Decompress);
        await using var tar = new TarReader(gzip);
        try
        {
            while (await tar.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false) is { } entry)
            {
                if (entry.EntryType == TarEntryType.GlobalExtendedAttributes) continue;
                var (relative, full) = ResolveEntry(entry, target);
                if (!seen.Add(relative.TrimEnd('/')))
                    throw new StrataInvalidInputException($"The archive holds '{entry.Name}' twice. It was not made by CompressAsync; refusing it.");
                switch (entry.EntryType)
                {
                    case TarEntryType.Directory:
                        Directory.CreateDirectory(full);
                        folders.Add((full, entry.ModificationTime, entry.Mode));
                        break;
                    case TarEntryType.RegularFile or TarEntryType.V7RegularFile:
                        RequireParent(full, target, entry.Name);
                        await using (var output = new FileStream(full, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
                        {
                            if (entry.DataStream is { } data) await data.CopyToAsync(output, cancellationToken).ConfigureAwait(false);
                        }
                        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(full, entry.Mode);
                        File.SetLastWriteTimeUtc(full, entry.ModificationTime.UtcDateTime);
                        break;
                    default:
                        throw new StrataInvalidInputException(
                            $"The archive entry '{entry.Name}' is a {entry.EntryType}; vault archives hold only files and folders (no links or special files). Refusing it.");
                }
            }
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or EndOfStreamException)
        {
            throw new StrataCorruptDataException(archive, $"not a readable vault archive ({e.Message}). Re-create it with CompressAsync.", e);
        }
        foreach (var (path, time, mode) in folders.OrderByDescending(f => f.Path.Length))
        {
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, mode);
            Directory.SetLastWriteTimeUtc(path, time.UtcDateTime);
        }
    }

    /// <summary>The entry's '/'-path and its full path inside <paramref name="target"/>; anything that could land elsewhere is refused.</summary>
    private static (string Relative, string Full) ResolveEntry(TarEntry entry, string target)
    {
        var name = entry.Name;
        var bad = name.Length == 0 || name.Contains('\0', StringComparison.Ordinal) || name.Contains('\\', StringComparison.Ordinal)
            || name.StartsWith('/') || Path.IsPathRooted(name) || (name.Length >= 2 && name[1] == ':');
        var segments = name.TrimEnd('/').Split('/');
        bad |= segments.Any(s => s is "" or "." or "..");
        var full = bad ? "" : Path.GetFullPath(Path.Combine([target, .. segments]));
        if (bad || !full.StartsWith(target + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new StrataInvalidInputException($"The archive entry '{name}' would be written outside the vault folder (absolute path, '..', or an empty segment). Refusing the archive.");
        return (name, full);
    }

    /// <summary>Creates a file's missing parent folders, checking none of them is a link (entries never create links, but be sure).</summary>
    private static void RequireParent(string full, string target, string name)
    {
        var parent = Path.GetDirectoryName(full)!;
        for (var dir = new DirectoryInfo(parent); dir.FullName.Length > target.Length; dir = dir.Parent!)
            if (dir.Exists && dir.LinkTarget is not null)
                throw new StrataInvalidInputException($"The archive entry '{name}' would be written through a link. Refusing the archive.");
        Directory.CreateDirectory(parent);
    }
}
