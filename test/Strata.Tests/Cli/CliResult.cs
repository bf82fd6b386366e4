using System.Text.Json;

namespace Strata.Tests.Cli;

/// <summary>What one run of the CLI printed and returned.</summary>
internal sealed record CliResult(IReadOnlyList<string> Args, int ExitCode, string Out, string Error)
{
    /// <summary>Non-empty stdout lines.</summary>
    public IReadOnlyList<string> OutLines => Lines(Out);

    /// <summary>Non-empty stderr lines.</summary>
    public IReadOnlyList<string> ErrorLines => Lines(Error);

    /// <summary>Stdout parsed as JSON lines.</summary>
    public IReadOnlyList<JsonElement> Json => OutLines.Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();

    public void AssertOk()
    {
        Assert.True(ExitCode == 0, $"strata {string.Join(' ', Args)} exited {ExitCode}: {Error}");
        Assert.Equal("", Error);
    }

    /// <summary>Asserts the error contract: the exit code, one line on stderr starting "error: ", no stack trace, nothing on stdout.</summary>
    public void AssertError(int exitCode, string? contains = null)
    {
        Assert.True(ExitCode == exitCode, $"strata {string.Join(' ', Args)} exited {ExitCode}, expected {exitCode}; stderr: {Error}");
        var line = Assert.Single(ErrorLines);
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", Error, StringComparison.Ordinal);
        Assert.Equal("", Out);
        if (contains is not null) Assert.Contains(contains, line, StringComparison.OrdinalIgnoreCase);
    }

    private static List<string> Lines(string text) =>
        text.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToList();
}
