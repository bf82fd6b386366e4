using System.Reflection;
using System.Runtime.Loader;

namespace Strata.Compilation;

/// <summary>
/// A collectible load context for one piece of user code (a compiled source or a prebuilt assembly file).
/// Giving each its own context lets two versions of a same-named assembly live side by side and lets the
/// code be unloaded. Resolution order for the user code's references:
/// <list type="number">
/// <item>The shared framework, Strata and Strata's dependencies come from the context that loaded Strata, so
/// <c>RecordBatch</c> and friends are the host's types, never a second copy.</item>
/// <item>Anything else is loaded privately into this context from the user code's own files: the
/// <c>.deps.json</c> / folder of a prebuilt assembly, or the paths given in <see cref="CompileOptions.References"/>.</item>
/// <item>Otherwise the default context (the host application's own dependencies).</item>
/// </list>
/// </summary>
internal sealed class StrataLoadContext : AssemblyLoadContext
{
    private readonly Dictionary<string, string> _probe;
    private readonly AssemblyDependencyResolver? _resolver;

    /// <summary>Creates a context.</summary>
    /// <param name="name">A name for diagnostics (it shows in debuggers and in <see cref="AssemblyLoadContext.All"/>).</param>
    /// <param name="referencePaths">Assemblies to load privately on demand, by simple name.</param>
    /// <param name="mainAssemblyPath">A prebuilt assembly whose <c>.deps.json</c> and folder resolve its dependencies.</param>
    public StrataLoadContext(string name, IEnumerable<string> referencePaths, string? mainAssemblyPath = null)
        : base(name, isCollectible: true)
    {
        _probe = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var path in referencePaths)
            _probe.TryAdd(SimpleName(path), path);
        if (mainAssemblyPath is not null)
        {
            try
            {
                _resolver = new AssemblyDependencyResolver(mainAssemblyPath);
            }
            catch (InvalidOperationException)
            {
                // No host policy in this process (an unusual host); the folder probe below still works.
            }
            var folder = Path.GetDirectoryName(mainAssemblyPath);
            if (folder is not null)
            {
                foreach (var path in Directory.EnumerateFiles(folder, "*.dll"))
                    _probe.TryAdd(Path.GetFileNameWithoutExtension(path), path);
            }
        }
    }

    /// <inheritdoc />
    protected override Assembly? Load(AssemblyName assemblyName)
    {
        if (HostAssemblies.IsShared(assemblyName))
            return HostAssemblies.StrataContext.LoadFromAssemblyName(assemblyName);
        var path = _resolver?.ResolveAssemblyToPath(assemblyName);
        if (path is null && assemblyName.Name is not null) _probe.TryGetValue(assemblyName.Name, out path);
        return path is null ? null : LoadFromAssemblyPath(path);
    }

    /// <inheritdoc />
    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        var path = _resolver?.ResolveUnmanagedDllToPath(unmanagedDllName);
        return path is null ? IntPtr.Zero : LoadUnmanagedDllFromPath(path);
    }

    private static string SimpleName(string path)
    {
        try
        {
            return AssemblyName.GetAssemblyName(path).Name ?? Path.GetFileNameWithoutExtension(path);
        }
        catch (Exception e) when (e is BadImageFormatException or FileLoadException or IOException)
        {
            return Path.GetFileNameWithoutExtension(path);
        }
    }
}
