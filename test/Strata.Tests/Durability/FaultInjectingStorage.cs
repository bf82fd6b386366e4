using Strata.Storage;

namespace Strata.Tests.Durability;

/// <summary>
/// A storage wrapper that lets a test act just before a write reaches the real storage (cancel a token,
/// throw), to fail a commit at an exact step of the protocol.
/// </summary>
internal sealed class FaultInjectingStorage(ILakeStorage inner) : ILakeStorage
{
    /// <summary>Called with the path before every <see cref="WriteAsync"/>; may throw.</summary>
    public Action<string, CancellationToken>? BeforeWrite { get; set; }

    /// <summary>Called with the path before every <see cref="TryCreateAsync"/>; may throw.</summary>
    public Action<string, CancellationToken>? BeforeCreate { get; set; }

    public string Location => inner.Location;
    public string ScratchDirectory => inner.ScratchDirectory;

    public Task WriteAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        BeforeWrite?.Invoke(path, cancellationToken);
        return inner.WriteAsync(path, content, cancellationToken);
    }

    public Task<bool> TryCreateAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        BeforeCreate?.Invoke(path, cancellationToken);
        return inner.TryCreateAsync(path, content, cancellationToken);
    }

    public Task<bool> ExistsAsync(string path, CancellationToken cancellationToken = default) => inner.ExistsAsync(path, cancellationToken);
    public IAsyncEnumerable<StorageEntry> ListAsync(string prefix, CancellationToken cancellationToken = default) => inner.ListAsync(prefix, cancellationToken);
    public Task<byte[]> ReadAllBytesAsync(string path, CancellationToken cancellationToken = default) => inner.ReadAllBytesAsync(path, cancellationToken);
    public Task<int> ReadRangeAsync(string path, long offset, Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        inner.ReadRangeAsync(path, offset, buffer, cancellationToken);
    public Task PutFileAsync(string path, string localFile, CancellationToken cancellationToken = default) =>
        inner.PutFileAsync(path, localFile, cancellationToken);
    public ValueTask<string> GetLocalPathAsync(string path, CancellationToken cancellationToken = default) =>
        inner.GetLocalPathAsync(path, cancellationToken);
    public Task DeleteAsync(string path, CancellationToken cancellationToken = default) => inner.DeleteAsync(path, cancellationToken);
}
