namespace Strata.Cli;

/// <summary>The process entry point of <c>strata</c>.</summary>
internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        try
        {
            return await StrataCli.RunAsync(args, CliConsole.FromSystem(), CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Last resort (e.g. a broken installation): still one line, no stack trace.
            await Console.Error.WriteLineAsync($"error: unexpected {e.GetType().Name}: {ErrorText.OneLine(e.Message)}").ConfigureAwait(false);
            return ExitCodes.Failed;
        }
    }
}
