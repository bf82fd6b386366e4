namespace Strata.Cli;

/// <summary>The exit codes of <c>strata</c>.</summary>
internal static class ExitCodes
{
    /// <summary>Success.</summary>
    public const int Ok = 0;

    /// <summary>A Strata error (or any other failure while running a command).</summary>
    public const int Failed = 1;

    /// <summary>The command line was wrong: unknown command or option, missing argument, no lake given.</summary>
    public const int Usage = 2;

    /// <summary>Cancelled (Ctrl-C), as shells report SIGINT.</summary>
    public const int Cancelled = 130;
}
