using Strata.Storage;

namespace Strata.Vault.Processes;

/// <summary>
/// The vault's lake storage: a local folder whose writes and deletes are recorded in the undo journal of the
/// process running in the current async flow (<see cref="UndoJournal.Current"/>), so that the process can be
/// reverted to a byte-identical file set. Reads pass straight through.
/// </summary>
internal sealed class JournalingStorage(LocalFolderStorage inner) : ILakeStorage
{
    public LocalFolderStorage Inner => inner;

    public string Location => inner.Location;

    public string ScratchDirectory => inner.ScratchDirectory;

    private UndoJournal? Journal => UndoJournal.Current is { } j && j.LakeRoot == inner.Location ? j : null;

    public Task<bool> ExistsAsync(string path, CancellationToken cancellationToken = default) => inner.ExistsAsync(path, cancellationToken);

    public IAsyncEnumerable<StorageEntry> ListAsync(string prefix, CancellationToken cancellationToken = default) =>
        inner.ListAsync(prefix, cancellationToken);

    public Task<byte[]> ReadAllBytesAsync(string path, CancellationToken cancellationToken = default) =>
        inner.ReadAllBytesAsync(path, cancellationToken);

    public Task<int> ReadRangeAsync(string path, long offset, Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        inner.ReadRangeAsync(path, offset, buffer, cancellationToken);

    public Task WriteAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        Journal?.BeforeChange(StoragePath.Validate(path));
        return inner.WriteAsync(path, content, cancellationToken);
    }

    public async Task<bool> TryCreateAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        var journal = Journal;
        var created = await inner.TryCreateAsync(path, content, cancellationToken).ConfigureAwait(false);
        if (created) journal?.AfterCreate(path);
        return created;
    }

    public Task PutFileAsync(string path, string localFile, CancellationToken cancellationToken = default)
    {
        Journal?.BeforeChange(StoragePath.Validate(path));
        return inner.PutFileAsync(path, localFile, cancellationToken);
    }

    public ValueTask<string> GetLocalPathAsync(string path, CancellationToken cancellationToken = default) =>
        inner.GetLocalPathAsync(path, cancellationToken);

    public Task DeleteAsync(string path, CancellationToken cancellationToken = default)
    {
        Journal?.BeforeChange(StoragePath.Validate(path));
        return inner.DeleteAsync(path, cancellationToken);
    }
}
