namespace Strata.Cli;

/// <summary>
/// A failure (exit code 1) whose headline is followed by detail lines on stderr, one per item — used where
/// one line cannot hold what the user must fix, such as each compiler diagnostic of a UDF source file.
/// </summary>
internal sealed class CliDetailedException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The headline, printed as <c>error: …</c>.</param>
    /// <param name="details">Lines printed after the headline as they are (each already one line).</param>
    public CliDetailedException(string message, IReadOnlyList<string> details) : base(message) => Details = details;

    /// <summary>The lines printed after the headline.</summary>
    public IReadOnlyList<string> Details { get; }
}
