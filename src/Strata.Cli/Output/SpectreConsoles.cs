using Spectre.Console;

namespace Strata.Cli.Output;

/// <summary>Spectre.Console consoles over <c>strata</c>'s writers: colours only on a terminal, a wide fixed width otherwise.</summary>
internal static class SpectreConsoles
{
    /// <summary>Width used when the output is not a terminal (a pipe, a file, a test).</summary>
    public const int PipeWidth = 200;

    /// <summary>A console writing to <paramref name="writer"/>.</summary>
    public static IAnsiConsole Create(TextWriter writer, bool terminal)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = terminal ? InteractionSupport.Detect : InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        if (!terminal) console.Profile.Width = PipeWidth;
        return console;
    }
}
