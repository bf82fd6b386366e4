using System.CommandLine;

namespace Strata.Cli;

/// <summary>Binds command bodies to commands: each run gets a <see cref="CommandContext"/>, and every failure becomes one error line and an exit code.</summary>
internal sealed class CommandRunner
{
    private readonly CliConsole _console;

    /// <summary>Creates a runner for one invocation of <c>strata</c>.</summary>
    public CommandRunner(CliConsole console, GlobalOptions globals)
    {
        _console = console;
        Globals = globals;
    }

    /// <summary>The shared options.</summary>
    public GlobalOptions Globals { get; }

    /// <summary>Makes <paramref name="body"/> the command's action (exit 0 when it returns).</summary>
    public void Bind(Command command, Func<CommandContext, Task> body) =>
        command.SetAction(async (ParseResult parse, CancellationToken ct) =>
        {
            var context = new CommandContext(parse, _console, Globals, ct);
            try
            {
                await body(context).ConfigureAwait(false);
                await _console.Out.FlushAsync(ct).ConfigureAwait(false);
                return ExitCodes.Ok;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                return ErrorText.Report(_console.Error, e, context.Verbose, ct);
            }
            finally
            {
                await context.DisposeAsync().ConfigureAwait(false);
            }
        });

    /// <summary>Adds <c>--format</c> to a command that prints rows.</summary>
    public void AddFormat(Command command) => command.Add(Globals.Format);
}
