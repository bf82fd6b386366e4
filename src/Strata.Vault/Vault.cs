using Strata.Storage;
using Strata.Vault.Model;
using Strata.Vault.Processes;

namespace Strata.Vault;

/// <summary>
/// A vault (TableVault's repository) over a Strata lake: tables whose instances are built by YAML builder files
/// calling C# code modules stored in the lake, with artifacts, lineage, incremental rebuilds, locks and
/// processes that can be resumed, stopped or reverted. The lake is the vault: every vault table is a lake table
/// and every materialized instance is one of its versions. Open with <see cref="OpenAsync"/>; thread-safe.
/// </summary>
/// <remarks>
/// Every mutating method runs as a process and returns its id. Without a caller-supplied <c>processId</c> a
/// failure reverts everything it did; with one, a failure pauses the process, which the same call with the same
/// id (or opening with <see cref="VaultOptions.Restart"/>) resumes. See docs/vault.md.
/// </remarks>
public sealed partial class Vault : IAsyncDisposable, IDisposable
{
    private readonly JournalingStorage _storage;
    private readonly SemaphoreSlim _lakeGate = new(1, 1);
    private Lake _lake;
    private bool _disposed;

    private Vault(JournalingStorage storage, Lake lake, VaultOptions options, VaultMarker marker)
    {
        _storage = storage;
        _lake = lake;
        Options = options;
        Marker = marker;
        Processes = new ProcessStore(storage.Location);
        Modules = new Modules.ModuleLoader(this);
        Locks = new VaultLocks(this);
    }

    /// <summary>The lake that holds the vault's tables (read it with Strata's API; write through the vault).</summary>
    public Lake Lake => _disposed ? throw new ObjectDisposedException(nameof(Vault)) : Volatile.Read(ref _lake);

    /// <summary>The vault's folder.</summary>
    public string Location => _storage.Location;

    /// <summary>The vault's settings.</summary>
    public VaultOptions Options { get; }

    /// <summary>The description given when the vault was created.</summary>
    public string? Description => Marker.Description;

    internal VaultMarker Marker { get; }
    internal JournalingStorage Storage => _storage;
    internal ProcessStore Processes { get; }
    internal Modules.ModuleLoader Modules { get; }
    internal VaultLocks Locks { get; }

    /// <summary>
    /// Opens the vault in a folder; with <see cref="VaultOptions.Create"/> creates it (and its lake) when the folder
    /// holds none. With <see cref="VaultOptions.Restart"/>, resumes every process that was active.
    /// </summary>
    /// <exception cref="StrataNotFoundException">The folder holds no vault and Create is false.</exception>
    public static async Task<Vault> OpenAsync(string path, VaultOptions? options = null, CancellationToken cancellationToken = default)
    {
        options = (options ?? new VaultOptions()).Validate();
        if (string.IsNullOrWhiteSpace(path)) throw new StrataInvalidInputException("the vault path is empty.");
        var full = Path.GetFullPath(path);
        var lakeOptions = (options.Lake ?? new LakeOptions()) with { Author = options.Author, Description = options.Description };
        if (!File.Exists(VaultPaths.Local(full, VaultPaths.Marker)) && !options.Create)
            throw new StrataNotFoundException($"{full} holds no vault (no {VaultPaths.Marker}); open it with VaultOptions.Create = true to create one.");
        Directory.CreateDirectory(full);
        var storage = new JournalingStorage(new LocalFolderStorage(full, lakeOptions.FlushToDisk));
        Lake lake;
        if (File.Exists(VaultPaths.Local(full, Format.FormatConstants.LakeMarkerFile)))
            lake = await Lake.OpenAsync(storage, lakeOptions, cancellationToken).ConfigureAwait(false);
        else
        {
            try
            {
                lake = await Lake.CreateAsync(storage, lakeOptions, cancellationToken).ConfigureAwait(false);
            }
            catch (StrataAlreadyExistsException)
            {
                lake = await Lake.OpenAsync(storage, lakeOptions, cancellationToken).ConfigureAwait(false);
            }
        }
        VaultMarker marker;
        try
        {
            marker = await ReadOrCreateMarkerAsync(storage, options, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            lake.Dispose();
            throw;
        }
        var vault = new Vault(storage, lake, options, marker);
        if (options.Restart) await vault.RestartProcessesAsync(cancellationToken).ConfigureAwait(false);
        return vault;
    }

    private static async Task<VaultMarker> ReadOrCreateMarkerAsync(ILakeStorage storage, VaultOptions options, CancellationToken ct)
    {
        if (await storage.ExistsAsync(VaultPaths.Marker, ct).ConfigureAwait(false))
            return VaultJson.Deserialize<VaultMarker>(await storage.ReadAllBytesAsync(VaultPaths.Marker, ct).ConfigureAwait(false), VaultPaths.Marker);
        var marker = new VaultMarker { CreatedAt = DateTimeOffset.UtcNow, Author = options.Author, Description = options.Description };
        if (!await storage.TryCreateAsync(VaultPaths.Marker, VaultJson.Serialize(marker), ct).ConfigureAwait(false))
            return VaultJson.Deserialize<VaultMarker>(await storage.ReadAllBytesAsync(VaultPaths.Marker, ct).ConfigureAwait(false), VaultPaths.Marker);
        return marker;
    }

    /// <summary>Replaces the lake object after a revert, so no cache holds a version that no longer exists.</summary>
    internal async Task ReopenLakeAsync()
    {
        await _lakeGate.WaitAsync().ConfigureAwait(false);
        try
        {
            var old = _lake;
            var fresh = await Lake.OpenAsync(_storage, old.Options, CancellationToken.None).ConfigureAwait(false);
            Volatile.Write(ref _lake, fresh);
            old.Dispose();
        }
        finally
        {
            _lakeGate.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _lake.Dispose();
        _lakeGate.Dispose();
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public override string ToString() => $"Strata vault at {Location}";
}
