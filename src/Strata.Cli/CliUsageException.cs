namespace Strata.Cli;

/// <summary>The command line asks for something impossible (exit code 2); the message says what to pass instead.</summary>
internal sealed class CliUsageException : Exception
{
    /// <summary>Creates the exception.</summary>
    public CliUsageException(string message) : base(message) { }
}
