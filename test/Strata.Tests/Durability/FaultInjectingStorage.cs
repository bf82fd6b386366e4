using Strata.Storage;

namespace Strata.Tests.Durability;

/// <summary>
/// A storage wrapper that lets a test act just before a write reaches the real storage (cancel a token,
/// throw, or wait), to fail or hold a commit at an exact step of the protocol.
/// </summary>
internal sealed class FaultInjectingStorage(ILakeStorage inner) : ILakeStorage
{
    private int _filesPut;

    /// <summary>Awaited with the path before every <see cref="WriteAsync"/>; may throw.</summary>
    public Func<string, CancellationToken, Task>? BeforeWrite { get; set; }

    /// <summary>Awaited with the path before every <see cref="TryCreateAsync"/> (the commit primitive); may throw or wait.</summary>
    public Func<string, CancellationToken, Task>? BeforeCreate { get; set; }

    /// <summary>True for the path of a table manifest (<c>tables/&lt;id&gt;/v/&lt;version&gt;.json</c>).</summary>
    public static bool IsTableManifest(string path) =>
        path.StartsWith("tables/", StringComparison.Ordinal) && path.Contains("/v/", StringComparison.Ordinal) && path.EndsWith(".json", StringComparison.Ordinal);

    public string Location => inner.Location;
    public string ScratchDirectory => inner.ScratchDirectory;

    public async Task WriteAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        if (BeforeWrite is { } hook) await hook(path, cancellationToken);
        await inner.WriteAsync(path, content, cancellationToken);
    }

    public async Task<bool> TryCreateAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        if (BeforeCreate is { } hook) await hook(path, cancellationToken);
        return await inner.TryCreateAsync(path, content, cancellationToken);
    }

    public Task<bool> ExistsAsync(string path, CancellationToken cancellationToken = default) => inner.ExistsAsync(path, cancellationToken);
    public IAsyncEnumerable<StorageEntry> ListAsync(string prefix, CancellationToken cancellationToken = default) => inner.ListAsync(prefix, cancellationToken);
    public Task<byte[]> ReadAllBytesAsync(string path, CancellationToken cancellationToken = default) => inner.ReadAllBytesAsync(path, cancellationToken);
    public Task<int> ReadRangeAsync(string path, long offset, Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        inner.ReadRangeAsync(path, offset, buffer, cancellationToken);
    /// <summary>Files moved into the lake through this wrapper so far (data files a writer produced).</summary>
    public int FilesPut => Volatile.Read(ref _filesPut);

    public Task PutFileAsync(string path, string localFile, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _filesPut);
        return inner.PutFileAsync(path, localFile, cancellationToken);
    }
    public ValueTask<string> GetLocalPathAsync(string path, CancellationToken cancellationToken = default) =>
        inner.GetLocalPathAsync(path, cancellationToken);
    public Task DeleteAsync(string path, CancellationToken cancellationToken = default) => inner.DeleteAsync(path, cancellationToken);
}
