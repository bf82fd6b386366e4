using Microsoft.Extensions.Logging;
using Strata.Catalog;
using Strata.Engine;
using Strata.Format;
using Strata.Storage;

namespace Strata;

/// <summary>
/// A lake of versioned tables: Geneva's connection and TableVault's vault in one. Open it from a
/// folder (the embedded default) with <c>OpenAsync</c>, create one with <c>CreateAsync</c>,
/// or do either with <see cref="ConnectAsync"/>. Thread-safe; dispose it to release the SQL engine.
/// </summary>
public sealed partial class Lake : IDisposable, IAsyncDisposable
{
    private readonly Lazy<DuckDbDatabase> _engine;
    private bool _disposed;

    private Lake(ILakeStorage storage, LakeMarker marker, LakeOptions options)
    {
        Storage = storage;
        Options = options;
        Marker = marker;
        Logger = options.LoggerFactory.CreateLogger("Strata.Lake");
        Catalog = new CatalogStore(this);
        Udfs = new Udfs.UdfRegistry(this);
        _engine = new Lazy<DuckDbDatabase>(CreateEngine, LazyThreadSafetyMode.ExecutionAndPublication);
        SqlPool = new Query.SqlViewPool(() => Engine);
    }

    /// <summary>Where the lake lives (a folder path or URI).</summary>
    public string Location => Storage.Location;

    /// <summary>Who this lake object records as the author of its changes.</summary>
    public string Author => Options.Author;

    /// <summary>The description given when the lake was created.</summary>
    public string? Description => Marker.Description;

    /// <summary>The lake's settings.</summary>
    public LakeOptions Options { get; }

    /// <summary>The UDFs this lake can run (registered in this process or stored in the lake).</summary>
    public Udfs.UdfRegistry Udfs { get; }

    internal ILakeStorage Storage { get; }
    internal LakeMarker Marker { get; }
    internal ILogger Logger { get; }
    internal CatalogStore Catalog { get; }
    internal Query.SqlViewPool SqlPool { get; }
    internal Tables.ManifestCache Manifests { get; } = new();
    internal DuckDbDatabase Engine => _disposed ? throw new ObjectDisposedException(nameof(Lake)) : _engine.Value;

    /// <summary>Creates a new lake in a folder (created if missing; it must not already hold a lake).</summary>
    /// <exception cref="StrataAlreadyExistsException">The folder already holds a lake.</exception>
    public static Task<Lake> CreateAsync(string path, LakeOptions? options = null, CancellationToken cancellationToken = default) =>
        CreateAsync(new LocalFolderStorage(CheckFolder(path), options?.FlushToDisk ?? false), options, cancellationToken);

    /// <summary>Creates a new lake on the given storage.</summary>
    public static async Task<Lake> CreateAsync(ILakeStorage storage, LakeOptions? options = null, CancellationToken cancellationToken = default)
    {
        options = (options ?? new LakeOptions()).Validate();
        var marker = new LakeMarker
        {
            LakeId = Ids.NewLakeId(),
            CreatedAt = DateTimeOffset.UtcNow,
            Author = options.Author,
            Description = options.Description,
        };
        if (!await storage.TryCreateAsync(FormatConstants.LakeMarkerFile, FormatJson.Serialize(marker), cancellationToken).ConfigureAwait(false))
            throw new StrataAlreadyExistsException($"{storage.Location} already holds a Strata lake; open it instead.");
        return new Lake(storage, marker, options);
    }

    /// <summary>Opens an existing lake.</summary>
    /// <exception cref="StrataNotFoundException">The folder does not exist or holds no lake.</exception>
    public static Task<Lake> OpenAsync(string path, LakeOptions? options = null, CancellationToken cancellationToken = default)
    {
        var full = CheckFolder(path);
        if (!Directory.Exists(full))
            throw new StrataNotFoundException($"{full} does not exist; create a lake there with 'strata init' or Lake.CreateAsync.");
        return OpenAsync(new LocalFolderStorage(full, options?.FlushToDisk ?? false), options, cancellationToken);
    }

    /// <summary>Opens an existing lake on the given storage.</summary>
    public static async Task<Lake> OpenAsync(ILakeStorage storage, LakeOptions? options = null, CancellationToken cancellationToken = default)
    {
        options = (options ?? new LakeOptions()).Validate();
        byte[] bytes;
        try
        {
            bytes = await storage.ReadAllBytesAsync(FormatConstants.LakeMarkerFile, cancellationToken).ConfigureAwait(false);
        }
        catch (StrataNotFoundException)
        {
            throw new StrataNotFoundException(
                $"{storage.Location} is not a Strata lake (no {FormatConstants.LakeMarkerFile}); create one with 'strata init' or Lake.CreateAsync.");
        }
        var marker = FormatJson.ReadMarker(bytes, FormatConstants.LakeMarkerFile);
        return new Lake(storage, marker, options);
    }

    /// <summary>Opens the lake at the path, creating it when the folder holds none (Geneva's <c>connect</c>).</summary>
    public static async Task<Lake> ConnectAsync(string path, LakeOptions? options = null, CancellationToken cancellationToken = default)
    {
        var full = CheckFolder(path);
        if (File.Exists(Path.Combine(full, FormatConstants.LakeMarkerFile)))
            return await OpenAsync(full, options, cancellationToken).ConfigureAwait(false);
        try
        {
            return await CreateAsync(full, options, cancellationToken).ConfigureAwait(false);
        }
        catch (StrataAlreadyExistsException)
        {
            return await OpenAsync(full, options, cancellationToken).ConfigureAwait(false);
        }
    }

    private static string CheckFolder(string path)
    {
        if (string.IsNullOrWhiteSpace(path)) throw new StrataInvalidInputException("the lake path is empty.");
        if (path.Any(char.IsControl)) throw new StrataInvalidInputException("the lake path contains control characters.");
        var full = Path.GetFullPath(path);
        if (File.Exists(full)) throw new StrataInvalidInputException($"{full} is a file, not a folder.");
        return full;
    }

    private DuckDbDatabase CreateEngine()
    {
        var temp = Path.Combine(Storage.ScratchDirectory, "engine");
        Directory.CreateDirectory(temp);
        var db = DuckDbDatabase.OpenInMemory(new DuckDbOptions
        {
            Threads = Options.EngineThreads,
            TempDirectory = temp,
            MemoryLimit = Options.EngineMemoryLimit,
            PreserveInsertionOrder = true,
        });
        // Footers of immutable data files are read once per lake, not once per query.
        using (var conn = db.Connect())
        {
            conn.Execute("SET GLOBAL parquet_metadata_cache = true");
            BatchTableFunction.Register(conn);
        }
        return db;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        SqlPool.Dispose();
        if (_engine.IsValueCreated) _engine.Value.Dispose();
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public override string ToString() => $"Strata lake at {Location}";
}
