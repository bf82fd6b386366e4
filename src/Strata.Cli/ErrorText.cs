namespace Strata.Cli;

/// <summary>Turns exceptions into the one-line messages and exit codes of <c>strata</c>.</summary>
internal static class ErrorText
{
    /// <summary>Writes <c>error: …</c> for <paramref name="error"/> (plus the stack trace when verbose) and returns the exit code.</summary>
    public static int Report(TextWriter stderr, Exception error, bool verbose, CancellationToken cancellationToken)
    {
        var (code, line) = error switch
        {
            CliCancelledException c when cancellationToken.IsCancellationRequested => (ExitCodes.Cancelled, c.Message),
            OperationCanceledException when cancellationToken.IsCancellationRequested => (ExitCodes.Cancelled, "cancelled"),
            CliDetailedException d => (ExitCodes.Failed, d.Message),
            CliUsageException u => (ExitCodes.Usage, u.Message),
            StrataException s => (ExitCodes.Failed, s.Message),
            _ => (ExitCodes.Failed, $"unexpected {error.GetType().Name}: {error.Message}"),
        };
        stderr.WriteLine($"error: {OneLine(line)}");
        if (error is CliDetailedException detailed)
            foreach (var detail in detailed.Details) stderr.WriteLine(OneLine(detail));
        if (verbose) stderr.WriteLine(error.ToString());
        return code;
    }

    /// <summary>The text on one line: line breaks and runs of blanks become single spaces.</summary>
    public static string OneLine(string text) =>
        string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
