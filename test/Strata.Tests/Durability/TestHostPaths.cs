using System.Runtime.InteropServices;

namespace Strata.Tests.Durability;

/// <summary>
/// Finds the test host program and the <c>dotnet</c> launcher. The test project references the host
/// project, so the build copies <c>Strata.TestHost.dll</c> with its runtimeconfig and deps files next to the
/// tests (any configuration); the host's own bin folder is the fallback, and STRATA_TESTHOST overrides both.
/// </summary>
internal static class TestHostPaths
{
    private const string HostDll = "Strata.TestHost.dll";

    private static readonly Lazy<string> HostPath = new(FindHost);
    private static readonly Lazy<string> DotnetPath = new(FindDotnet);

    public static string Host => HostPath.Value;
    public static string Dotnet => DotnetPath.Value;

    private static string FindHost()
    {
        if (Environment.GetEnvironmentVariable("STRATA_TESTHOST") is { Length: > 0 } overridden)
            return File.Exists(overridden) ? overridden : throw new FileNotFoundException($"STRATA_TESTHOST points to a missing file: {overridden}");
        var candidates = new List<string> { Path.Combine(AppContext.BaseDirectory, HostDll) };
        // Fallback: <repo>/test/Strata.TestHost/bin/<configuration>/<tfm>/, same configuration and tfm as the tests first.
        var baseDir = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var tfm = baseDir.Name;
        var configuration = baseDir.Parent?.Name ?? "Debug";
        for (var dir = baseDir; dir is not null; dir = dir.Parent)
        {
            var hostProject = Path.Combine(dir.FullName, "test", "Strata.TestHost");
            if (!Directory.Exists(hostProject)) continue;
            foreach (var c in new[] { configuration, "Release", "Debug" }.Distinct())
                candidates.Add(Path.Combine(hostProject, "bin", c, tfm, HostDll));
            break;
        }
        foreach (var c in candidates)
            if (File.Exists(c) && File.Exists(Path.ChangeExtension(c, ".runtimeconfig.json")))
                return c;
        throw new FileNotFoundException($"the test host is not built; looked for {string.Join(", ", candidates)}. Build the solution first.");
    }

    private static string FindDotnet()
    {
        var exe = OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } hostPath && File.Exists(hostPath))
            return hostPath;
        if (Environment.ProcessPath is { } self && Path.GetFileName(self) == exe)
            return self;
        // <dotnet root>/shared/Microsoft.NETCore.App/<version>/ → <dotnet root>/dotnet
        var runtimeDir = new DirectoryInfo(RuntimeEnvironment.GetRuntimeDirectory().TrimEnd(Path.DirectorySeparatorChar));
        if (runtimeDir.Parent?.Parent?.Parent is { } root && File.Exists(Path.Combine(root.FullName, exe)))
            return Path.Combine(root.FullName, exe);
        return exe; // from PATH
    }
}
