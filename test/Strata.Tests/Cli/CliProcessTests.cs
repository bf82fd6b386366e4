using System.Diagnostics;
using System.Reflection;

namespace Strata.Tests.Cli;

/// <summary>The built executable, run as a real child process.</summary>
public sealed class CliProcessTests
{
    [Fact]
    public async Task Built_Executable_Prints_Its_Version()
    {
        var result = await RunAsync("--version");
        Assert.Equal(0, result.ExitCode);
        var expected = typeof(Strata.Cli.StrataCli).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;
        Assert.Equal(expected, result.Out.Trim());
        Assert.Equal("", result.Error);
    }

    [Fact]
    public async Task Built_Executable_Reports_Errors_On_One_Line()
    {
        var missing = Path.Combine(Path.GetTempPath(), "strata-tests", "no-lake-" + Guid.NewGuid().ToString("N"));
        var result = await RunAsync("--lake", missing, "tables");
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.Out);
        var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        Assert.Contains("does not exist", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task App_Host_Named_Strata_Runs_When_Built()
    {
        var host = Path.Combine(CliFolder(), OperatingSystem.IsWindows() ? "strata.exe" : "strata");
        Assert.True(File.Exists(host), $"the build should place the app host copy at {host}");
        var result = await RunProcessAsync(host, ["--version"]);
        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("0.", result.Out.Trim(), StringComparison.Ordinal);
    }

    /// <summary>Runs <c>dotnet Strata.Cli.dll ARGS</c> from the CLI project's build output.</summary>
    private static Task<(int ExitCode, string Out, string Error)> RunAsync(params string[] args)
    {
        var dll = Path.Combine(CliFolder(), "Strata.Cli.dll");
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } h && File.Exists(h) ? h : "dotnet";
        return RunProcessAsync(dotnet, [dll, .. args]);
    }

    private static async Task<(int ExitCode, string Out, string Error)> RunProcessAsync(string file, string[] args)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment.Remove("STRATA_LAKE");
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>
    /// The CLI project's own build output (same configuration as this test assembly): it holds the
    /// runtimeconfig and the "strata" app host, which a project reference does not copy.
    /// </summary>
    private static string CliFolder()
    {
        var testDir = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = testDir.Name; // net10.0
        var configuration = testDir.Parent!.Name; // Debug or Release
        for (var dir = testDir; dir is not null; dir = dir.Parent)
        {
            if (!File.Exists(Path.Combine(dir.FullName, "Strata.slnx"))) continue;
            var folder = Path.Combine(dir.FullName, "src", "Strata.Cli", "bin", configuration, framework);
            Assert.True(File.Exists(Path.Combine(folder, "Strata.Cli.runtimeconfig.json")), $"the CLI is not built at {folder}");
            return folder;
        }
        throw new InvalidOperationException($"no Strata.slnx above {testDir.FullName}");
    }
}
