using System.CommandLine;

namespace Strata.Cli;

/// <summary>The options every command shares: <c>--lake</c>, <c>--author</c>, <c>--verbose</c>, and <c>--format</c> where rows are printed.</summary>
internal sealed class GlobalOptions
{
    /// <summary>The environment variable naming the lake when <c>--lake</c> is not given.</summary>
    public const string LakeVariable = "STRATA_LAKE";

    /// <summary><c>--lake PATH</c> (recursive: allowed before or after the command name).</summary>
    public Option<string?> Lake { get; } = new("--lake")
    {
        Description = $"The lake's folder (default: ${LakeVariable}).",
        HelpName = "PATH",
        Recursive = true,
    };

    /// <summary><c>--author NAME</c>, recorded in every version written.</summary>
    public Option<string?> Author { get; } = new("--author")
    {
        Description = "Who is making the changes, recorded in each version (default: the OS user).",
        HelpName = "NAME",
        Recursive = true,
    };

    /// <summary><c>--verbose</c>: full stack traces on errors.</summary>
    public Option<bool> Verbose { get; } = new("--verbose")
    {
        Description = "Print full stack traces on errors.",
        Recursive = true,
    };

    /// <summary><c>--format table|csv|json</c>, added to each command that prints rows.</summary>
    public Option<string> Format { get; } = CreateFormatOption();

    private static Option<string> CreateFormatOption()
    {
        var option = new Option<string>("--format")
        {
            Description = "Output format: table (for people), csv (header + rows), json (one object per line).",
            DefaultValueFactory = _ => "table",
        };
        option.AcceptOnlyFromAmong("table", "csv", "json");
        return option;
    }
}
