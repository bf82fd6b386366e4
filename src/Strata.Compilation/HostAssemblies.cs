using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;

namespace Strata.Compilation;

/// <summary>
/// What user code compiles against and shares with the host: the running shared framework, Strata, and the
/// assemblies Strata itself references. Computed once per process; all of it is immutable.
/// </summary>
internal static class HostAssemblies
{
    private static readonly Lazy<ImmutableArray<string>> FrameworkPaths = new(FindFrameworkPaths);

    private static readonly Lazy<FrozenSet<string>> FrameworkNames = new(() =>
        FrameworkPaths.Value.Select(System.IO.Path.GetFileNameWithoutExtension).OfType<string>()
            .ToFrozenSet(StringComparer.OrdinalIgnoreCase));

    private static readonly Lazy<ImmutableArray<Assembly>> StrataDependencies = new(FindStrataDependencies);

    private static readonly Lazy<ImmutableArray<MetadataReference>> LazyReferences = new(CreateReferences);

    /// <summary>Strata's core assembly, as the host loaded it.</summary>
    public static Assembly Strata { get; } = typeof(Lake).Assembly;

    /// <summary>The load context that holds Strata; user code resolves shared assemblies through it.</summary>
    public static AssemblyLoadContext StrataContext { get; } =
        AssemblyLoadContext.GetLoadContext(typeof(Lake).Assembly) ?? AssemblyLoadContext.Default;

    /// <summary>Metadata references for the shared framework, Strata and Strata's dependencies.</summary>
    public static ImmutableArray<MetadataReference> References => LazyReferences.Value;

    /// <summary>
    /// True for assemblies user code must share with the host rather than load its own copy of: the shared
    /// framework, Strata, and Strata's dependencies (so a <c>RecordBatch</c> or <c>ILogger</c> is the same type on
    /// both sides).
    /// </summary>
    public static bool IsShared(AssemblyName name)
    {
        if (name.Name is not { } simple) return false;
        if (FrameworkNames.Value.Contains(simple)) return true;
        if (string.Equals(simple, Strata.GetName().Name, StringComparison.OrdinalIgnoreCase)) return true;
        foreach (var dependency in StrataDependencies.Value)
            if (string.Equals(simple, dependency.GetName().Name, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }

    /// <summary>
    /// The shared framework's assemblies from the trusted platform assemblies list: those under the
    /// <c>shared</c> folder the runtime itself came from, or every entry for a self-contained app.
    /// </summary>
    private static ImmutableArray<string> FindFrameworkPaths()
    {
        if (AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") is not string list || list.Length == 0)
        {
            throw new StrataException(
                "the runtime does not list its platform assemblies (TRUSTED_PLATFORM_ASSEMBLIES), so C# code cannot be " +
                "compiled; this happens in single-file or trimmed apps — run Strata as a normal framework-dependent app.");
        }
        var all = list.Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Where(p => p.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
            .ToArray();
        var coreFolder = System.IO.Path.GetDirectoryName(typeof(object).Assembly.Location);
        var sharedRoot = coreFolder is null ? null : System.IO.Path.GetDirectoryName(System.IO.Path.GetDirectoryName(coreFolder));
        if (sharedRoot is not null)
        {
            var prefix = sharedRoot + System.IO.Path.DirectorySeparatorChar;
            var framework = all.Where(p => p.StartsWith(prefix, StringComparison.Ordinal)).ToArray();
            if (framework.Length > 0) return [.. framework];
        }
        return [.. all];
    }

    /// <summary>Strata's managed, non-framework references (logging abstractions, CSV…), loaded where Strata's are.</summary>
    private static ImmutableArray<Assembly> FindStrataDependencies()
    {
        var result = ImmutableArray.CreateBuilder<Assembly>();
        foreach (var name in Strata.GetReferencedAssemblies())
        {
            if (name.Name is null || FrameworkNames.Value.Contains(name.Name)) continue;
            try
            {
                result.Add(StrataContext.LoadFromAssemblyName(name));
            }
            catch (Exception e) when (e is FileNotFoundException or FileLoadException or BadImageFormatException)
            {
                // Strata does not use it on this path (an optional dependency); user code cannot either.
            }
        }
        return result.ToImmutable();
    }

    private static ImmutableArray<MetadataReference> CreateReferences()
    {
        var paths = new List<string>(FrameworkPaths.Value);
        if (string.IsNullOrEmpty(Strata.Location))
            throw new StrataException("Strata.dll was not loaded from a file, so C# code cannot be compiled against it.");
        paths.Add(Strata.Location);
        paths.AddRange(StrataDependencies.Value.Select(a => a.Location).Where(l => l.Length > 0));
        return [.. paths.Distinct(StringComparer.Ordinal).Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))];
    }
}
