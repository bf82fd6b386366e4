namespace Strata.Cli;

/// <summary>Where a run of <c>strata</c> writes, what it reads from the environment, and whether it talks to a terminal.</summary>
internal sealed class CliConsole
{
    /// <summary>Creates a console over the given writers (not terminals; no signal handling).</summary>
    public CliConsole(TextWriter stdout, TextWriter stderr, Func<string, string?> environment)
    {
        Out = stdout ?? throw new ArgumentNullException(nameof(stdout));
        Error = stderr ?? throw new ArgumentNullException(nameof(stderr));
        Environment = environment ?? throw new ArgumentNullException(nameof(environment));
    }

    /// <summary>Results: rows, versions, counts.</summary>
    public TextWriter Out { get; }

    /// <summary>Errors and progress.</summary>
    public TextWriter Error { get; }

    /// <summary>Reads an environment variable.</summary>
    public Func<string, string?> Environment { get; }

    /// <summary>True when <see cref="Out"/> is an interactive terminal (colours, terminal width).</summary>
    public bool IsOutputTerminal { get; init; }

    /// <summary>True when <see cref="Error"/> is an interactive terminal (progress spinners).</summary>
    public bool IsErrorTerminal { get; init; }

    /// <summary>True when Ctrl-C and SIGTERM should cancel the running command.</summary>
    public bool HandlesSignals { get; init; }

    /// <summary>The process's own console.</summary>
    public static CliConsole FromSystem() => new(Console.Out, Console.Error, System.Environment.GetEnvironmentVariable)
    {
        IsOutputTerminal = !Console.IsOutputRedirected,
        IsErrorTerminal = !Console.IsErrorRedirected,
        HandlesSignals = true,
    };
}
