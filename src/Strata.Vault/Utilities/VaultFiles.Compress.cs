using System.Formats.Tar;
using System.IO.Compression;

namespace Strata.Vault.Utilities;

public static partial class VaultFiles
{
    /// <summary>
    /// Packs the vault folder at <paramref name="vaultPath"/> into the single archive
    /// <c>&lt;vaultPath&gt;.tar.gz</c> (see the type's remarks for the format), replacing an older archive
    /// atomically. The vault itself is only read.
    /// </summary>
    /// <param name="vaultPath">The vault folder.</param>
    /// <param name="level">TableVault's preset, 1 (fastest) to 9 (smallest); used as the zlib level. Default 6.</param>
    /// <param name="cancellationToken">Stops the work; a partial archive is removed.</param>
    /// <returns>The archive's full path.</returns>
    /// <exception cref="StrataNotFoundException">The folder does not exist or is not a folder.</exception>
    /// <exception cref="StrataInvalidInputException">The level is outside 1–9, or the vault holds a link or special file.</exception>
    public static async Task<string> CompressAsync(string vaultPath, int level = 6, CancellationToken cancellationToken = default)
    {
        var root = NormalizeVaultPath(vaultPath);
        if (level is < 1 or > 9)
            throw new StrataInvalidInputException($"The compression level must be 1 to 9 (TableVault's LZMA preset), got {level}. Use 6 for the default.");
        var dir = new DirectoryInfo(root);
        if (!dir.Exists || dir.LinkTarget is not null)
            throw new StrataNotFoundException(File.Exists(root) || dir.LinkTarget is not null
                ? $"'{root}' is not a vault folder (it is a file or a link). Pass the vault's folder."
                : $"The vault folder '{root}' does not exist. Check the path.");
        var entries = CollectEntries(root);

        var archive = root + ".tar." + CompressionExtension;
        var temp = $"{archive}.{Guid.NewGuid():N}.tmp";
        try
        {
            await using (var output = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
            {
                await using (var gzip = new GZipStream(output, new ZLibCompressionOptions { CompressionLevel = level }, leaveOpen: true))
                await using (var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true))
                {
                    foreach (var (relative, info) in entries)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        await WriteEntryAsync(tar, relative, info, cancellationToken).ConfigureAwait(false);
                    }
                }
                await output.FlushAsync(cancellationToken).ConfigureAwait(false);
                output.Flush(flushToDisk: true);
            }
            File.Move(temp, archive, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
        return archive;
    }

    /// <summary>Every folder and file under <paramref name="root"/> in ordinal order of their '/'-paths; links and special files are refused.</summary>
    private static List<(string Relative, FileSystemInfo Info)> CollectEntries(string root)
    {
        var result = new List<(string, FileSystemInfo)>();
        var pending = new Stack<(string Relative, DirectoryInfo Dir)>();
        pending.Push(("", new DirectoryInfo(root)));
        while (pending.Count > 0)
        {
            var (prefix, dir) = pending.Pop();
            foreach (var item in dir.EnumerateFileSystemInfos("*", new EnumerationOptions
                     { RecurseSubdirectories = false, AttributesToSkip = 0, IgnoreInaccessible = false }))
            {
                var relative = prefix + item.Name;
                if (item.LinkTarget is not null)
                    throw new StrataInvalidInputException($"The vault holds a symbolic link '{relative}' (to '{item.LinkTarget}'); archives keep only files and folders. Replace the link with a copy of its target.");
                if (item is DirectoryInfo sub)
                {
                    result.Add((relative + "/", sub));
                    pending.Push((relative + "/", sub));
                }
                else if (item is FileInfo file && IsRegularFile(file))
                    result.Add((relative, file));
                else
                    throw new StrataInvalidInputException($"The vault holds '{relative}', which is not a regular file (a device, pipe or socket). Remove it before compressing.");
            }
        }
        result.Sort((a, b) => string.CompareOrdinal(a.Item1, b.Item1));
        return result;
    }

    private static bool IsRegularFile(FileInfo file) =>
        (file.Attributes & FileAttributes.Device) == 0 && UnixFileType.IsRegularFile(file.FullName);

    private static async Task WriteEntryAsync(TarWriter tar, string relative, FileSystemInfo info, CancellationToken cancellationToken)
    {
        var isDir = info is DirectoryInfo;
        var entry = new PaxTarEntry(isDir ? TarEntryType.Directory : TarEntryType.RegularFile, relative)
        {
            ModificationTime = info.LastWriteTimeUtc,
        };
        if (!OperatingSystem.IsWindows()) entry.Mode = File.GetUnixFileMode(info.FullName);
        if (isDir)
        {
            await tar.WriteEntryAsync(entry, cancellationToken).ConfigureAwait(false);
            return;
        }
        await using var data = new FileStream(info.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
        entry.DataStream = data;
        await tar.WriteEntryAsync(entry, cancellationToken).ConfigureAwait(false);
    }
}
