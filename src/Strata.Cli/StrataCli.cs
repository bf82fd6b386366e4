using System.CommandLine;
using System.CommandLine.Invocation;

namespace Strata.Cli;

/// <summary>
/// The <c>strata</c> command line, callable in-process: parses the arguments, runs one command and
/// returns its exit code (0 ok, 1 Strata error, 2 usage error, 130 cancelled). Errors are one line on
/// the error writer, with a stack trace only under <c>--verbose</c>.
/// </summary>
public static class StrataCli
{
    /// <summary>Runs the command line with the given writers (the lake comes from <c>--lake</c> or <c>STRATA_LAKE</c>).</summary>
    /// <param name="args">The arguments, without the program name.</param>
    /// <param name="stdout">Where results go.</param>
    /// <param name="stderr">Where errors and progress go.</param>
    /// <param name="cancellationToken">Cancels the running command (exit code 130).</param>
    /// <returns>The exit code.</returns>
    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken = default) =>
        RunAsync(args, new CliConsole(stdout, stderr, Environment.GetEnvironmentVariable), cancellationToken);

    internal static async Task<int> RunAsync(string[] args, CliConsole console, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        var globals = new GlobalOptions();
        var root = CommandTree.Build(console, globals);
        ParseResult parse;
        try
        {
            parse = root.Parse(args);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            console.Error.WriteLine($"error: {ErrorText.OneLine(e.Message)}");
            return ExitCodes.Usage;
        }

        if (parse.Errors.Count > 0 && parse.Action is ParseErrorAction)
        {
            var command = parse.CommandResult.Command;
            var path = command is RootCommand ? "strata" : CommandTree.PathOf(command);
            var messages = string.Join("; ", parse.Errors.Select(e => ErrorText.OneLine(e.Message)).Distinct());
            console.Error.WriteLine($"error: {messages} (see '{path} --help')");
            return ExitCodes.Usage;
        }

        var config = new InvocationConfiguration
        {
            Output = console.Out,
            Error = console.Error,
            EnableDefaultExceptionHandler = false,
            ProcessTerminationTimeout = console.HandlesSignals ? TimeSpan.FromSeconds(5) : null,
        };
        try
        {
            return await parse.InvokeAsync(config, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Command actions report their own errors; this catches failures of the parser's own actions.
            return ErrorText.Report(console.Error, e, parse.GetValue(globals.Verbose), cancellationToken);
        }
    }
}
