namespace Strata.Cli;

/// <summary>The run was cancelled (exit code 130); the message replaces the plain "cancelled", e.g. to say how to resume.</summary>
internal sealed class CliCancelledException : OperationCanceledException
{
    /// <summary>Creates the exception.</summary>
    public CliCancelledException(string message, Exception? inner, CancellationToken token) : base(message, inner, token) { }
}
