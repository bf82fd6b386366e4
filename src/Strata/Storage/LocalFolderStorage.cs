using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Strata.Storage;

/// <summary>
/// A lake in a local folder (the embedded default). Commits use a hard link from a fully written
/// temporary file, which is atomic and fails if the target exists, so a reader never sees a
/// partial file and two racing writers cannot both win.
/// </summary>
public sealed partial class LocalFolderStorage : ILakeStorage
{
    private const int EEXIST = 17;
    private readonly string _root;
    private readonly bool _flushToDisk;

    /// <summary>Opens (and creates if needed) the folder.</summary>
    /// <param name="root">The lake's folder.</param>
    /// <param name="flushToDisk">fsync files before commits (survives power loss, not only process crashes).</param>
    public LocalFolderStorage(string root, bool flushToDisk = false)
    {
        _root = Path.GetFullPath(root);
        _flushToDisk = flushToDisk;
        ScratchDirectory = Path.Combine(_root, "_scratch");
    }

    /// <inheritdoc />
    public string Location => _root;

    /// <inheritdoc />
    public string ScratchDirectory { get; }

    /// <summary>The absolute local path of a lake-relative path, guaranteed inside the root.</summary>
    public string FullPath(string path)
    {
        var full = Path.GetFullPath(Path.Combine(_root, StoragePath.Validate(path)));
        if (!full.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new StrataInvalidInputException($"storage path '{path}' leaves the lake's folder.");
        return full;
    }

    /// <inheritdoc />
    public Task<bool> ExistsAsync(string path, CancellationToken cancellationToken = default) =>
        Task.FromResult(File.Exists(FullPath(path)));

    /// <inheritdoc />
    public async IAsyncEnumerable<StorageEntry> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var p = StoragePath.ValidatePrefix(prefix);
        var dir = p.Length == 0 ? _root : FullPath(p);
        if (!Directory.Exists(dir)) yield break;
        await Task.CompletedTask.ConfigureAwait(false);
        foreach (var file in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var info = new FileInfo(file);
            long size;
            try { size = info.Length; }
            catch (FileNotFoundException) { continue; } // deleted while listing
            var rel = Path.GetRelativePath(_root, file).Replace(Path.DirectorySeparatorChar, '/');
            yield return new StorageEntry(rel, size, info.LastWriteTimeUtc);
        }
    }

    /// <inheritdoc />
    public Task<byte[]> ReadAllBytesAsync(string path, CancellationToken cancellationToken = default)
    {
        if (cancellationToken.IsCancellationRequested) return Task.FromCanceled<byte[]>(cancellationToken);
        try
        {
            // Synchronous on purpose: the files read whole are small (manifests, hints, markers) and come from the page
            // cache; .NET's async file reads on Unix run on the thread pool, and the hop costs more than the read —
            // milliseconds per read on a busy machine, which every query paid twice (catalog and table version).
            return Task.FromResult(File.ReadAllBytes(FullPath(path)));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return Task.FromException<byte[]>(new StrataNotFoundException($"file '{path}' does not exist in the lake at {_root}."));
        }
#pragma warning disable CA1031 // not swallowed: handed to the caller through the task, as an async method would
        catch (Exception e)
#pragma warning restore CA1031
        {
            return Task.FromException<byte[]>(e);
        }
    }

    /// <inheritdoc />
    public async Task<int> ReadRangeAsync(string path, long offset, Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            using var handle = File.OpenHandle(FullPath(path));
            var total = 0;
            while (total < buffer.Length)
            {
                var n = await RandomAccess.ReadAsync(handle, buffer[total..], offset + total, cancellationToken).ConfigureAwait(false);
                if (n == 0) break;
                total += n;
            }
            return total;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new StrataNotFoundException($"file '{path}' does not exist in the lake at {_root}.");
        }
    }

    /// <inheritdoc />
    public async Task WriteAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        var full = FullPath(path);
        var temp = await WriteTempAsync(full, content, cancellationToken).ConfigureAwait(false);
        File.Move(temp, full, overwrite: true);
    }

    /// <inheritdoc />
    public async Task<bool> TryCreateAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        var full = FullPath(path);
        if (File.Exists(full)) return false;
        var temp = await WriteTempAsync(full, content, cancellationToken).ConfigureAwait(false);
        try
        {
            if (Link(temp, full) == 0) return true;
            var errno = Marshal.GetLastPInvokeError();
            if (errno == EEXIST) return false;
            throw new IOException($"could not create '{path}' (errno {errno}).");
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <inheritdoc />
    public Task PutFileAsync(string path, string localFile, CancellationToken cancellationToken = default)
    {
        var full = FullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        if (_flushToDisk) FlushFile(localFile);
        File.Move(localFile, full, overwrite: true);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<string> GetLocalPathAsync(string path, CancellationToken cancellationToken = default)
    {
        var full = FullPath(path);
        if (!File.Exists(full)) throw new StrataNotFoundException($"file '{path}' does not exist in the lake at {_root}.");
        return ValueTask.FromResult(full);
    }

    /// <inheritdoc />
    public Task DeleteAsync(string path, CancellationToken cancellationToken = default)
    {
        var full = FullPath(path);
        try { File.Delete(full); }
        catch (DirectoryNotFoundException) { }
        return Task.CompletedTask;
    }

    private async Task<string> WriteTempAsync(string full, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var dir = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(dir);
        var temp = Path.Combine(dir, $".tmp-{Guid.NewGuid():N}");
        await using (var fs = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous))
        {
            await fs.WriteAsync(content, cancellationToken).ConfigureAwait(false);
            if (_flushToDisk) fs.Flush(flushToDisk: true);
        }
        return temp;
    }

    private static void FlushFile(string file)
    {
        using var fs = new FileStream(file, FileMode.Open, FileAccess.ReadWrite);
        fs.Flush(flushToDisk: true);
    }

    [LibraryImport("libc", EntryPoint = "link", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Link(string oldPath, string newPath);
}
