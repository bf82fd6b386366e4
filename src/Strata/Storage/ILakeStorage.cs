namespace Strata.Storage;

/// <summary>
/// All file access of a lake goes through this interface; nothing above it knows whether the lake
/// is a local folder or an object store.
/// </summary>
/// <remarks>
/// Paths are lake-relative, '/'-separated and checked by <see cref="StoragePath.Validate"/>; an
/// implementation never touches anything outside its root.
/// Call order and guarantees:
/// <list type="number">
/// <item><see cref="TryCreateAsync"/> is the commit primitive: it writes the whole content or nothing and
/// fails (returns false) if the path exists, even when two processes race. Readers never see a partial file.</item>
/// <item><see cref="WriteAsync"/> and <see cref="PutFileAsync"/> replace a file atomically (used for data files
/// under fresh unique names and for advisory hints, never for commits).</item>
/// <item><see cref="GetLocalPathAsync"/> returns a local file path with the file's content, for the SQL engine
/// (the file itself for a local folder, a cached copy for remote storage); the path stays valid until the
/// file is deleted.</item>
/// <item><see cref="ScratchDirectory"/> is a local folder for temporary files; files there are written by
/// the engine and then handed to <see cref="PutFileAsync"/>.</item>
/// </list>
/// </remarks>
public interface ILakeStorage
{
    /// <summary>Where the lake lives, for messages (a folder path or URI).</summary>
    string Location { get; }

    /// <summary>A local folder for temporary files (created on demand).</summary>
    string ScratchDirectory { get; }

    /// <summary>True when the file exists.</summary>
    Task<bool> ExistsAsync(string path, CancellationToken cancellationToken = default);

    /// <summary>Files under a folder prefix (recursive), in no particular order.</summary>
    IAsyncEnumerable<StorageEntry> ListAsync(string prefix, CancellationToken cancellationToken = default);

    /// <summary>The whole content of a file.</summary>
    /// <exception cref="StrataNotFoundException">No such file.</exception>
    Task<byte[]> ReadAllBytesAsync(string path, CancellationToken cancellationToken = default);

    /// <summary>Reads up to <c>buffer.Length</c> bytes at <paramref name="offset"/>; returns the count read.</summary>
    /// <exception cref="StrataNotFoundException">No such file.</exception>
    Task<int> ReadRangeAsync(string path, long offset, Memory<byte> buffer, CancellationToken cancellationToken = default);

    /// <summary>Writes (or replaces) a file atomically.</summary>
    Task WriteAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default);

    /// <summary>Creates the file with the content if no file exists at the path; false when one exists.</summary>
    Task<bool> TryCreateAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default);

    /// <summary>Moves (or uploads) a local file, typically from <see cref="ScratchDirectory"/>, into the lake.</summary>
    Task PutFileAsync(string path, string localFile, CancellationToken cancellationToken = default);

    /// <summary>A local path holding the file's content, for the SQL engine.</summary>
    /// <exception cref="StrataNotFoundException">No such file.</exception>
    ValueTask<string> GetLocalPathAsync(string path, CancellationToken cancellationToken = default);

    /// <summary>Deletes a file; no error when it does not exist.</summary>
    Task DeleteAsync(string path, CancellationToken cancellationToken = default);
}
