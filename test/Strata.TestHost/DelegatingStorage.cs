using Strata.Storage;

namespace Strata.TestHost;

/// <summary>Passes every storage call to an inner storage; decorators override only what they observe or delay.</summary>
internal abstract class DelegatingStorage(ILakeStorage inner) : ILakeStorage
{
    protected ILakeStorage Inner => inner;

    public string Location => inner.Location;
    public string ScratchDirectory => inner.ScratchDirectory;
    public virtual Task<bool> TryCreateAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default) =>
        inner.TryCreateAsync(path, content, cancellationToken);
    public virtual Task PutFileAsync(string path, string localFile, CancellationToken cancellationToken = default) =>
        inner.PutFileAsync(path, localFile, cancellationToken);
    public Task<bool> ExistsAsync(string path, CancellationToken cancellationToken = default) => inner.ExistsAsync(path, cancellationToken);
    public IAsyncEnumerable<StorageEntry> ListAsync(string prefix, CancellationToken cancellationToken = default) => inner.ListAsync(prefix, cancellationToken);
    public Task<byte[]> ReadAllBytesAsync(string path, CancellationToken cancellationToken = default) => inner.ReadAllBytesAsync(path, cancellationToken);
    public Task<int> ReadRangeAsync(string path, long offset, Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        inner.ReadRangeAsync(path, offset, buffer, cancellationToken);
    public Task WriteAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default) =>
        inner.WriteAsync(path, content, cancellationToken);
    public ValueTask<string> GetLocalPathAsync(string path, CancellationToken cancellationToken = default) =>
        inner.GetLocalPathAsync(path, cancellationToken);
    public Task DeleteAsync(string path, CancellationToken cancellationToken = default) => inner.DeleteAsync(path, cancellationToken);
}
