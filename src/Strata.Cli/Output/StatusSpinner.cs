using Spectre.Console;

namespace Strata.Cli.Output;

/// <summary>A spinner on stderr during long work, shown only when stderr is a terminal (stdout stays clean for pipes).</summary>
internal static class StatusSpinner
{
    /// <summary>Runs <paramref name="work"/>, with a spinner and <paramref name="message"/> on an interactive stderr.</summary>
    public static async Task<T> RunAsync<T>(CliConsole console, string message, Func<Task<T>> work)
    {
        if (!console.IsErrorTerminal) return await work().ConfigureAwait(false);
        var spectre = SpectreConsoles.Create(console.Error, terminal: true);
        return await spectre.Status()
            .Spinner(Spinner.Known.Dots)
            .StartAsync(Markup.Escape(message), _ => work())
            .ConfigureAwait(false);
    }
}
