using Strata.Cli;

namespace Strata.Tests.Cli;

/// <summary>Runs <c>strata</c> in-process against a temporary folder, with its own environment variables.</summary>
internal sealed class CliHarness : IDisposable
{
    public CliHarness()
    {
        Folder = Path.Combine(Path.GetTempPath(), "strata-tests", "cli-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
    }

    /// <summary>The temporary folder (deleted on dispose).</summary>
    public string Folder { get; }

    /// <summary>Where the test lake lives.</summary>
    public string LakePath => Path.Combine(Folder, "lake");

    /// <summary>The environment the CLI sees (the real one is never read).</summary>
    public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal);

    /// <summary>Runs the CLI with exactly these arguments.</summary>
    public async Task<CliResult> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var console = new CliConsole(stdout, stderr, name => Environment.GetValueOrDefault(name));
        var code = await StrataCli.RunAsync(args, console, CancellationToken.None);
        return new CliResult(args, code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Runs the CLI with <c>--lake</c> pointing at <see cref="LakePath"/>.</summary>
    public Task<CliResult> LakeAsync(params string[] args) => RunAsync(["--lake", LakePath, .. args]);

    /// <summary>Runs the CLI against the test lake and asserts success.</summary>
    public async Task<CliResult> OkAsync(params string[] args)
    {
        var result = await LakeAsync(args);
        result.AssertOk();
        return result;
    }

    /// <summary>Writes a file into the folder and returns its path.</summary>
    public string WriteFile(string name, string content)
    {
        var path = Path.Combine(Folder, name);
        File.WriteAllText(path, content);
        return path;
    }

    public void Dispose()
    {
        try { Directory.Delete(Folder, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
