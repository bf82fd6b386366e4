using System.Collections.Concurrent;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Microsoft.CodeAnalysis.CSharp;

namespace Strata.Compilation;

/// <summary>
/// Compiles each distinct source once and loads it once: an in-memory map from cache key to loaded assembly,
/// backed optionally by a folder of compiled images so a later process skips the compiler too.
/// Safe to share between threads; concurrent requests for the same source compile it once.
/// </summary>
/// <remarks>
/// <para>The cache key is the <see cref="CompileResult.SourceHash"/> extended with everything else that changes
/// the output: the assembly name, the options and the reference files, and the builds of Strata, this assembly
/// and Roslyn. A new Strata build therefore recompiles rather than run code compiled against an older one.</para>
/// <para>Each assembly is loaded into a collectible load context of its own, not the default context: the default
/// context can neither unload nor hold two assemblies of the same name, while code modules are recompiled under
/// the same name as they change. Strata, its dependencies and the shared framework resolve to the host's copies,
/// so user code exchanges <c>RecordBatch</c> and other Strata types with the host freely.</para>
/// </remarks>
public sealed class CompiledAssemblyCache
{
    private const string KeyFormatVersion = "strata-compiled-assembly/1";

    private readonly ConcurrentDictionary<string, Lazy<Entry>> _entries = new(StringComparer.Ordinal);
    private int _compilations;

    /// <summary>Creates a cache.</summary>
    /// <param name="folder">
    /// Where to keep compiled images as <c>&lt;key&gt;.dll</c> (created on first write), or null for memory only.
    /// Failures to write there are ignored: the assembly is still compiled and loaded, just not kept on disk.
    /// </param>
    public CompiledAssemblyCache(string? folder = null)
    {
        Folder = folder is null ? null : Path.GetFullPath(folder);
    }

    /// <summary>The folder of compiled images, or null when the cache is in memory only.</summary>
    public string? Folder { get; }

    /// <summary>How many assemblies are loaded (or being loaded) in memory.</summary>
    public int Count => _entries.Count;

    /// <summary>How many times this cache ran the compiler (a disk hit does not count). For tests and metrics.</summary>
    internal int Compilations => Volatile.Read(ref _compilations);

    /// <summary>
    /// The assembly for these sources: from memory, else from the folder, else compiled (and written to the folder).
    /// </summary>
    /// <param name="sources">The files to compile, in order.</param>
    /// <param name="assemblyName">The assembly's simple name.</param>
    /// <param name="options">Extra references and switches; <see cref="CompileOptions.Default"/> when null.</param>
    /// <returns>The loaded assembly; the same instance for the same sources, name and options.</returns>
    /// <exception cref="CompilationFailedException">The sources do not compile (failures are not cached).</exception>
    public Assembly LoadOrCompile(IReadOnlyList<SourceFile> sources, string assemblyName, CompileOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentException.ThrowIfNullOrWhiteSpace(assemblyName);
        options ??= CompileOptions.Default;
        var key = CacheKey(CSharpCompiler.ComputeSourceHash(sources), assemblyName, options);
        var entry = _entries.GetOrAdd(key, k => new Lazy<Entry>(
            () => Create(k, sources, assemblyName, options), LazyThreadSafetyMode.ExecutionAndPublication));
        try
        {
            return entry.Value.Assembly;
        }
        catch
        {
            _entries.TryRemove(new KeyValuePair<string, Lazy<Entry>>(key, entry));
            throw;
        }
    }

    /// <summary>
    /// Forgets every loaded assembly and starts unloading their contexts. Code already running keeps working;
    /// each context is collected once nothing references its types, delegates or objects any more.
    /// The folder is left as it is.
    /// </summary>
    public void Clear()
    {
        foreach (var key in _entries.Keys)
        {
            if (_entries.TryRemove(key, out var entry) && entry.IsValueCreated)
                entry.Value.Context.Unload();
        }
    }

    /// <summary>The cache key: a SHA-256 (lowercase hex) of the source hash and everything else that shapes the output.</summary>
    internal static string CacheKey(string sourceHash, string assemblyName, CompileOptions options)
    {
        var text = new StringBuilder()
            .AppendLine(KeyFormatVersion)
            .AppendLine(sourceHash)
            .AppendLine(assemblyName)
            .AppendLine(options.ImplicitUsings ? "implicit-usings" : "no-implicit-usings")
            .AppendLine(HostAssemblies.Strata.ManifestModule.ModuleVersionId.ToString())
            .AppendLine(typeof(CompiledAssemblyCache).Assembly.ManifestModule.ModuleVersionId.ToString())
            .AppendLine(typeof(CSharpCompilation).Assembly.ManifestModule.ModuleVersionId.ToString())
            .AppendLine(Environment.Version.ToString());
        foreach (var reference in options.References)
        {
            var file = new FileInfo(Path.GetFullPath(reference));
            text.Append(file.FullName).Append('|')
                .Append(file.Exists ? file.Length : -1).Append('|')
                .Append(file.Exists ? file.LastWriteTimeUtc.Ticks : 0).AppendLine();
        }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private Entry Create(string key, IReadOnlyList<SourceFile> sources, string assemblyName, CompileOptions options)
    {
        var file = Folder is null ? null : Path.Combine(Folder, key + ".dll");
        if (file is not null && TryRead(file) is { } cached && TryLoad(key, cached, assemblyName, options) is { } hit)
            return hit;

        Interlocked.Increment(ref _compilations);
        var result = CSharpCompiler.CompileCore(sources, assemblyName, options, CancellationToken.None).ThrowIfFailed();
        var bytes = result.AssemblyBytes!;
        if (file is not null) TryWrite(file, bytes);
        return TryLoad(key, bytes, assemblyName, options)
            ?? throw new InvalidOperationException($"the compiler produced an image for '{assemblyName}' that does not load.");
    }

    private static Entry? TryLoad(string key, byte[] image, string assemblyName, CompileOptions options)
    {
        var references = options.References.Select(Path.GetFullPath);
        var context = new StrataLoadContext($"Strata.Compiled:{assemblyName}:{key[..12]}", references);
        try
        {
            using var stream = new MemoryStream(image, writable: false);
            var assembly = context.LoadFromStream(stream);
            if (assembly.GetName().Name == assemblyName) return new Entry(assembly, context);
        }
        catch (BadImageFormatException)
        {
            // A damaged cache file; the caller compiles again and overwrites it.
        }
        context.Unload();
        return null;
    }

    private static byte[]? TryRead(string file)
    {
        try
        {
            return File.ReadAllBytes(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null; // absent (the usual miss) or unreadable: compile instead
        }
    }

    /// <summary>Writes the image atomically: a uniquely named temporary file in the same folder, then a rename.</summary>
    private static void TryWrite(string file, byte[] image)
    {
        var temp = $"{file}.{Guid.NewGuid():N}.tmp";
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(image);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, file, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The folder is only an optimization; the assembly still loads from memory.
            try { File.Delete(temp); }
            catch (Exception cleanup) when (cleanup is IOException or UnauthorizedAccessException) { }
        }
    }

    private sealed record Entry(Assembly Assembly, StrataLoadContext Context);
}
